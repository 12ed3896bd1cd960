// The figures of lesson 03: the plotting lives here, so a section shows the call.
import Course
import Foundation

/// The original notebook's figure: forward and backward variance per layer, measured and theory.
func gradientInitFigure(_ sweep: [SweepRun]) -> Figure {
    let fig = Figure(width: 900, height: 400, rows: 1, columns: 2)
    let left = fig.axes(0, 0), right = fig.axes(0, 1)
    let ks = (0...depth).map(Double.init)
    let D = Double(width)
    for (i, run) in sweep.enumerated() {
        let color = Color.palette(i)
        let ratio = run.sigma2 * D / 2
        left.plot(x: ks, y: run.forward.activations.map { $0.isFinite && $0 > 0 ? $0 : .nan }, label: "σ^2_Ω = \(sigmaLabel(run.sigma2))",
                  color: color, lineWidth: 2)
        let gk = (1...depth).map(Double.init)
        right.plot(x: gk, y: run.backward.map { $0.isFinite && $0 > 0 ? $0 : .nan }, label: "σ^2_Ω = \(sigmaLabel(run.sigma2))",
                   color: color, lineWidth: 2)
        if activation == .relu {
            let theoryForward = (0...depth).map { $0 == 0 ? run.forward.activations[0] : oneMinusInvPi * Foundation.pow(ratio, Double($0)) }
            // Labels starting with "_" name the series in the CSV only, not in the legend.
            left.plot(x: ks, y: clippedToFloatRange(theoryForward), label: "_theory σ^2_Ω = \(sigmaLabel(run.sigma2))",
                      color: color.withAlpha(0.8), lineWidth: 1.2, dash: .dashed)
            let theoryBackward = (1...depth).map { 0.5 * Foundation.pow(ratio, Double(depth - $0)) }
            right.plot(x: gk, y: clippedToFloatRange(theoryBackward), label: "_theory σ^2_Ω = \(sigmaLabel(run.sigma2))",
                       color: color.withAlpha(0.8), lineWidth: 1.2, dash: .dashed)
        }
    }
    // Room above the curves for the legend; marks where a curve left Float32's range.
    let drawn = sweep.flatMap { $0.forward.activations + $0.backward }.filter { $0.isFinite && $0 > 0 }.map(Foundation.log10)
    let (lo, hi) = (drawn.min() ?? -1, drawn.max() ?? 1)
    for ax in [left, right] {
        ax.yscale = .log
        ax.xlim = (0, Double(depth))
        ax.ylim = (Foundation.pow(10, lo - 3), Foundation.pow(10, hi + 0.3 * (hi - lo) + 3))
        ax.xlabel = L(ru: "слой k", en: "layer k")
    }
    let overflowText = L(ru: "переполнение\nFloat32", en: "Float32\noverflow")
    for (i, run) in sweep.enumerated() {
        if let k = LayerStatistics.firstOverflow(run.forward.activations), k > 1 {
            left.annotate(overflowText, xy: (Double(k - 1), run.forward.activations[k - 1]),
                          xytext: (Double(k - 1) - Double(depth) * 0.12, run.forward.activations[k - 1] * 1e12),
                          size: 9, color: Color.palette(i))
        }
        if let j = LayerStatistics.firstOverflow(run.backward.reversed()), j > 1 {
            let k = depth - j + 1   // the last finite layer, counted from the input
            right.annotate(overflowText, xy: (Double(k), run.backward[k - 1]),
                           xytext: (Double(k) + Double(depth) * 0.12, run.backward[k - 1] * 1e12),
                           size: 9, color: Color.palette(i))
        }
    }
    left.title = L(ru: "Прямой проход: Var(h_k)", en: "Forward pass: Var(h_k)")
    right.title = L(ru: "Обратный проход: Var(∂L/∂f_k)", en: "Backward pass: Var(∂L/∂f_k)")
    left.ylabel = L(ru: "дисперсия", en: "variance")
    left.legend(location: .best)
    fig.title = activation == .relu
        ? (L(ru: "ReLU, D = \(width), K = \(depth); пунктир — теория", en: "ReLU, D = \(width), K = \(depth); dashed: theory"))
        : (L(ru: "tanh, D = \(width), K = \(depth)", en: "tanh, D = \(width), K = \(depth)"))
    return fig
}

/// He: single networks' Var(h_k) wandering, and their mean staying at the theory.
func heAverageFigure(runs: [LayerStatistics], mean: LayerStatistics) -> Figure {
    let count = runs.count
    let fig = Figure(width: 640, height: 380)
    let ax = fig.ax
    let ks = (1...depth).map(Double.init)
    for (i, run) in runs.prefix(24).enumerated() {
        ax.plot(x: ks, y: Array(run.activations.dropFirst()), label: i == 0 ? L(ru: "одна сеть", en: "one network") : "_network \(i + 1)" as any DisplayText,
                color: Color.gray.withAlpha(0.45), lineWidth: 0.9)
    }
    ax.plot(x: ks, y: Array(mean.activations.dropFirst()), label: L(ru: "среднее по \(count) сетям", en: "mean over \(count) networks"),
            color: Color.palette(2), lineWidth: 2.5)
    ax.axhline(oneMinusInvPi, color: Color.palette(3), lineWidth: 1.5, dash: .dashed,
               label: L(ru: "теория (1 − 1/π)·E[x^2]", en: "theory (1 − 1/π)·E[x^2]"))
    ax.yscale = .log
    ax.xlabel = L(ru: "слой k", en: "layer k")
    ax.ylabel = "Var(h_k)"
    ax.title = "σ^2_Ω = 2/D, D = \(width)"
    ax.legend(location: .best)
    return fig
}

/// The single-layer diagram: D_in inputs, D_out outputs, every weight between them.
func layerFigure() -> Figure {
    let (nIn, nOut) = (6, 4)
    let fig = Figure(width: 520, height: 360)
    let ax = fig.ax
    ax.hideAxes()
    func y(_ i: Int, _ n: Int) -> Double { Double(n - 1) / 2 - Double(i) }
    for i in 0..<nIn { for j in 0..<nOut {
        ax.line(from: (0, y(i, nIn)), to: (2, y(j, nOut)), color: Color.gray.withAlpha(0.5), width: 1, shrinkStart: 12, shrinkEnd: 12)
    } }
    for i in 0..<nIn {
        ax.circle(center: (0, y(i, nIn)), radiusPoints: 11, fill: Color.palette(0).lighter(0.35), stroke: Color.palette(0), lineWidth: 1.5)
    }
    for j in 0..<nOut {
        ax.circle(center: (2, y(j, nOut)), radiusPoints: 11, fill: Color.palette(2).lighter(0.35), stroke: Color.palette(2), lineWidth: 1.5)
    }
    let top = Double(nIn - 1) / 2
    ax.text(0, top + 0.85, L(ru: "вход h", en: "input h"), size: 12, bold: true)
    ax.text(0, top + 0.45, "D_{in} = \(nIn)", size: 11)
    ax.text(2, top + 0.85, L(ru: "выход f = Ωh", en: "output f = Ωh"), size: 12, bold: true)
    ax.text(2, top + 0.45, "D_{out} = \(nOut)", size: 11)
    ax.text(1, -top - 0.55, L(ru: "Ω: D_{out} × D_{in} весов из N(0, σ^2_Ω)", en: "Ω: D_{out} × D_{in} weights from N(0, σ^2_Ω)"),
            size: 11, color: Color.palette(4))
    ax.arrow(from: (0.55, -top - 1.05), to: (1.45, -top - 1.05), color: Color.palette(0), width: 1.5)
    ax.text(1, -top - 1.35, L(ru: "вперёд: сумма D_{in} слагаемых", en: "forward: a sum of D_{in} terms"), size: 10, color: Color.palette(0))
    ax.arrow(from: (1.45, -top - 1.75), to: (0.55, -top - 1.75), color: Color.palette(3), width: 1.5)
    ax.text(1, -top - 2.05, L(ru: "назад: сумма D_{out} слагаемых", en: "backward: a sum of D_{out} terms"), size: 10, color: Color.palette(3))
    ax.xlim = (-0.6, 2.6)
    ax.ylim = (-top - 2.35, top + 1.1)
    return fig
}

/// "4/(D_in+D_out)" with real subscripts, "fan_in" with a literal underscore.
func legendName(_ name: String) -> String {
    name.replacingOccurrences(of: "fan_", with: "fan\\_")
        .replacingOccurrences(of: "D_in", with: "D_{in}").replacingOccurrences(of: "D_out", with: "D_{out}")
}

func schemesFigure(_ results: [(scheme: Scheme, relu: LayerStatistics, tanh: LayerStatistics)]) -> Figure {
    let fig = Figure(width: 900, height: 640, rows: 2, columns: 2)
    let ks = (1...depth).map(Double.init)
    let dashes: [LineStyle] = [.solid, .solid, .solid, .solid, .dashed, .dotted]
    for (row, act) in ["ReLU", "tanh"].enumerated() {
        let forward = fig.axes(row, 0), backward = fig.axes(row, 1)
        for (i, r) in results.enumerated() {
            let stats = row == 0 ? r.relu : r.tanh
            let clean = { (v: [Double]) in v.map { $0.isFinite && $0 > 0 ? $0 : .nan } }
            forward.plot(x: ks, y: clean(Array(stats.activations.dropFirst())), label: legendName(r.scheme.name),
                         color: Color.palette(i), lineWidth: 1.6, dash: dashes[i])
            backward.plot(x: ks, y: clean(stats.gradients), label: legendName(r.scheme.name), color: Color.palette(i), lineWidth: 1.6, dash: dashes[i])
        }
        for ax in [forward, backward] {
            ax.yscale = .log
            ax.xlim = (1, Double(depth))
            ax.xlabel = L(ru: "слой k", en: "layer k")
        }
        forward.title = (L(ru: "\(act), вперёд: Var(h_k)", en: "\(act), forward: Var(h_k)"))
        backward.title = (L(ru: "\(act), назад: Var(∂L/∂f_k)", en: "\(act), backward: Var(∂L/∂f_k)"))
    }
    fig.axes(0, 0).legend(location: .best)
    return fig
}

/// The loss at every SGD step for the three initialisations, on a linear axis up to 3.
func trainingFigure(curves: [[Double]], names: [L], largeSigma2: Double, title: String) -> Figure {
    let fig = Figure(width: 640, height: 380)
    let ax = fig.ax
    // A linear axis up to 3: the too-large scale's first losses (~1e8) would flatten everything else.
    let top = 3.2
    for (i, curve) in curves.enumerated() where !curve.isEmpty {
        ax.plot(x: curve.indices.map { Double($0 + 1) }, y: curve.map { min($0, top * 1.5) },
                label: L(ru: names[i].ru.replacingOccurrences(of: "ᵢₙ", with: "_{in}"), en: names[i].en.replacingOccurrences(of: "ᵢₙ", with: "_{in}")),
                color: Color.palette(i), lineWidth: i == 1 ? 2.6 : 1.6, dash: i == 2 ? .dashed : .solid)
    }
    ax.axhline(Foundation.log(10.0), label: "ln 10")
    ax.ylim = (0, top)
    if let first = curves[2].first, first > top {
        let x = Double(max(curves[0].count, curves[2].count)) * 0.33
        ax.text(x, top * 0.8,
                L(ru: "σ^2 = \(largeSigma2): потеря на 1-м шаге \(sci(first, overflow: "∞")) ↑", en: "σ^2 = \(largeSigma2): loss at step 1 \(sci(first, overflow: "∞")) ↑"),
                size: 10, color: Color.palette(2), align: .left)
        if curves[2].count < curves[0].count {
            ax.text(x, top * 0.8 - 0.14, L(ru: "затем NaN: обучение разошлось", en: "then NaN: training diverged"),
                    size: 10, color: Color.palette(2), align: .left)
        }
    }
    ax.xlabel = L(ru: "шаг SGD", en: "SGD step")
    ax.ylabel = L(ru: "потеря (перекрёстная энтропия)", en: "loss (cross-entropy)")
    ax.title = title
    ax.legend(location: .lowerLeft)
    return fig
}
