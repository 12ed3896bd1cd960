// Lesson 05's figures. The sections compute; these functions only draw what they are
// given, so a section shows one call instead of a screen of styling.
import Course
import Foundation

private let epochLabel = L(ru: "эпоха", en: "epoch")

/// Plot titles use `_` for subscripts: write PyTorch's argument names literally, T_max as T with "max" below.
private func plotMarkup(_ text: String) -> String {
    text.replacingOccurrences(of: "step_size", with: "step\\_size").replacingOccurrences(of: "max_lr", with: "max\\_lr")
        .replacingOccurrences(of: "T_max", with: "T_{max}").replacingOccurrences(of: "T_mult", with: "T_{mult}")
}

/// Section 1: the loss surface without and with μ·Σφ², the minima SGD found, and the
/// path the minimum takes as μ grows from 0 to ∞.
func regularizationFigure(_ bowl: Bowl, mu: Double, plain: (Double, Double), penalised: (Double, Double)) -> Figure {
    let grid = (0...120).map { -1 + 4.5 * Double($0) / 120 }
    let plainZ = grid.map { y in grid.map { x in bowl.loss(x, y) } }
    let penalisedZ = grid.map { y in grid.map { x in bowl.loss(x, y) + mu * (x * x + y * y) } }
    let fig = Figure(width: 760, height: 380, rows: 1, columns: 2)
    let panels: [(Axes, [[Double]], (Double, Double), String)] = [
        (fig[0, 0], plainZ, plain, "L[φ]"),
        (fig[0, 1], penalisedZ, penalised, "L[φ] + μ·Σφ^2,  μ = \(mu)")]
    for (ax, z, minimum, title) in panels {
        let low = z.flatMap { $0 }.min()!
        // Levels spaced quadratically above the minimum, so the valley floor shows.
        let levels = (0...13).map { low + 0.12 * Double($0 * $0) }
        ax.contourf(x: grid, y: grid, z: z, levels: .values(levels), colormap: .viridis)
        ax.scatter(x: [0], y: [0], label: L(ru: "начало координат", en: "origin"), color: .white, size: 9, marker: .cross)
        ax.scatter(x: [plain.0], y: [plain.1], label: L(ru: "минимум L", en: "minimum of L"), color: Color.palette(1),
                   size: 10, marker: .circle)
        if ax === fig[0, 1] {
            let path = stride(from: 0.0, through: 60, by: 0.05).map { bowl.regularizedMinimum(mu: $0 * $0) }
            ax.plot(x: path.map(\.0), y: path.map(\.1), label: L(ru: "минимум при μ от 0 до ∞", en: "minimum for μ from 0 to ∞"),
                    color: .white, lineWidth: 1.5, dash: .dashed)
            ax.scatter(x: [minimum.0], y: [minimum.1], label: L(ru: "минимум с L2", en: "minimum with L2"),
                       color: Color.palette(3), size: 10, marker: .diamond)
        }
        ax.title = title
        ax.xlabel = "φ_1"
        ax.ylabel = "φ_2"
        ax.xlim = (-1, 3.5)
        ax.ylim = (-1, 3.5)
        ax.aspectEqual = true
        ax.legend(location: .lowerRight)
    }
    return fig
}

/// Section 3: one MultiStepLR schedule per epoch, its milestones dotted.
func multiStepFigure(_ lrs: [Double], milestones: [Int], gamma: Double, startLR: Double) -> Figure {
    let fig = Figure(width: 600, height: 340)
    let ax = fig.ax
    for m in milestones where m < lrs.count { ax.axvline(Double(m), color: .lightGray, dash: .dotted) }
    ax.plot(x: lrs.indices.map(Double.init), y: lrs, label: "MultiStepLR", lineWidth: 2, marker: .circle, markerSize: 4)
    ax.title = "MultiStepLR(milestones=\(milestones), γ=\(gamma))"
    ax.xlabel = epochLabel
    ax.ylabel = "lr"
    ax.ylim = (0, startLR * 1.1)
    ax.legend(location: .upperRight)
    return fig
}

/// Section 4: cosine annealing from `startLR` beside the original notebook's flat line (η₀ = η_min).
func cosineFigure(annealed: [Double], flat: [Double], tMax: Int, etaMin: Double, startLR: Double, flatLR: Double) -> Figure {
    let xs = annealed.indices.map(Double.init)
    let fig = Figure(width: 780, height: 340, rows: 1, columns: 2)
    let left = fig[0, 0], right = fig[0, 1]
    if tMax < annealed.count { left.axvline(Double(tMax), color: .gray, dash: .dotted, label: "T_{max} = \(tMax)") }
    left.axhline(etaMin, color: .lightGray, dash: .dotted)
    left.plot(x: xs, y: annealed, label: "η_0 = \(sci(startLR))", lineWidth: 2, marker: .circle, markerSize: 3.5)
    left.title = L(ru: "отжиг от η_0 = \(sci(startLR))", en: "annealing from η_0 = \(sci(startLR))")
    left.ylim = (0, startLR * 1.08)
    right.plot(x: xs, y: flat, label: "η_0 = η_{min} = \(sci(flatLR))", color: Color.palette(3), lineWidth: 2, marker: .circle,
               markerSize: 3.5)
    right.title = L(ru: "исходный ноутбук: η_0 = η_{min}", en: "original notebook: η_0 = η_{min}")
    right.ylim = (0, flatLR * 1.6)
    for ax in [left, right] {
        ax.xlabel = epochLabel
        ax.ylabel = "lr"
        ax.legend(location: .lowerLeft)
    }
    return fig
}

/// Section 5: every scheduler's lr per epoch, one panel each, four to a row.
func schedulersFigure(_ schedules: [(String, [Double])], startLR: Double) -> Figure {
    let fig = Figure(width: 1120, height: 500, rows: 2, columns: 4)
    for (k, (name, lrs)) in schedules.enumerated() {
        let ax = fig[k / 4, k % 4]
        ax.plot(x: lrs.indices.map(Double.init), y: lrs, label: "lr", color: Color.palette(k), lineWidth: 2)
        ax.title = plotMarkup(name)
        ax.ylim = (0, startLR * 1.08)
        ax.xlabel = epochLabel
        if k % 4 == 0 { ax.ylabel = "lr" }
    }
    return fig
}

/// Section 6: lr per step, and the training loss and validation accuracy per epoch
/// (mean over seeds) of each schedule. `histories[schedule][seed]`; schedule 0 is the
/// constant lr. A schedule that starts out exactly like it (MultiStepLR before its first
/// milestone) is dashed and says so in the legend, so neither line hides the other.
func schedulesTrainingFigure(names: [String], lrs: [[Double]], histories: [[[EpochRecord]]], peakLR: Double) -> Figure {
    let epochs = histories[0][0].count, stepsPerEpoch = lrs[0].count / epochs
    let sameAsConstant = histories.map { runs in
        (0..<epochs).prefix { e in zip(runs, histories[0]).allSatisfy { $0[e].trainLoss == $1[e].trainLoss } }.count
    }
    let fig = Figure(width: 1200, height: 400, rows: 1, columns: 3)
    let lrAxes = fig[0, 0], lossAxes = fig[0, 1], accuracyAxes = fig[0, 2]
    let x = (1...epochs).map(Double.init)
    for k in names.indices {
        let color = Color.palette(k)
        let coincides = k > 0 && sameAsConstant[k] > 0
        let label = coincides
            ? names[k] + "\(L(ru: " (= \(names[0]), эпохи 1–\(sameAsConstant[k]))", en: " (= \(names[0]), epochs 1–\(sameAsConstant[k]))"))"
            : names[k]
        let dash: LineStyle = coincides ? .dashed : .solid
        lrAxes.plot(x: lrs[k].indices.map { Double($0) / Double(stepsPerEpoch) }, y: lrs[k], label: label,
                    color: color, lineWidth: 2, dash: dash)
        let meanLoss = (0..<epochs).map { e in Spread(histories[k].map { $0[e].trainLoss }).mean }
        let meanAccuracy = (0..<epochs).map { e in Spread(histories[k].map { $0[e].valAccuracy }).mean }
        lossAxes.plot(x: x, y: meanLoss, label: label, color: color, lineWidth: 2, dash: dash, marker: .circle)
        accuracyAxes.plot(x: x, y: meanAccuracy, label: label, color: color, lineWidth: 2, dash: dash, marker: .circle)
    }
    lrAxes.title = "lr"
    lrAxes.ylim = (0, peakLR * 1.05)
    lossAxes.title = "train\\_loss"
    lossAxes.legend(location: .upperRight)
    accuracyAxes.title = "val\\_acc"
    for ax in [lrAxes, lossAxes, accuracyAxes] { ax.xlabel = epochLabel }
    return fig
}

/// Section 8: loss and accuracy per epoch of the overfitting run, with the best epoch
/// and the point where early stopping would have stopped.
func earlyStoppingFigure(_ history: [EpochRecord], best: Int, stop: Int?) -> Figure {
    let fig = Figure(width: 820, height: 360, rows: 1, columns: 2)
    let x = history.map { Double($0.epoch + 1) }
    let lossAxes = fig[0, 0], accuracyAxes = fig[0, 1]
    for ax in [lossAxes, accuracyAxes] {
        ax.axvline(Double(best + 1), color: Color.palette(2), dash: .dashed,
                   label: L(ru: "лучшая эпоха \(best + 1)", en: "best epoch \(best + 1)"))
        if let stop {
            ax.axvline(Double(stop + 1), color: Color.palette(3), dash: .dashDot,
                       label: L(ru: "остановка после \(stop + 1)", en: "stop after \(stop + 1)"))
        }
    }
    lossAxes.plot(x: x, y: history.map(\.trainLoss), label: "train\\_loss", color: Color.palette(0), lineWidth: 2)
    lossAxes.plot(x: x, y: history.map(\.valLoss), label: "val\\_loss", color: Color.palette(1), lineWidth: 2)
    lossAxes.scatter(x: [Double(best + 1)], y: [history[best].valLoss], label: "min val\\_loss", color: Color.palette(2), size: 9)
    lossAxes.title = L(ru: "потери (кросс-энтропия)", en: "loss (cross-entropy)")
    lossAxes.ylabel = L(ru: "потери", en: "loss")
    lossAxes.legend(location: .upperRight)
    accuracyAxes.plot(x: x, y: history.map(\.trainAccuracy), label: "train\\_acc", color: Color.palette(0), lineWidth: 2)
    accuracyAxes.plot(x: x, y: history.map(\.valAccuracy), label: "val\\_acc", color: Color.palette(1), lineWidth: 2)
    accuracyAxes.title = L(ru: "точность", en: "accuracy")
    accuracyAxes.ylabel = L(ru: "точность", en: "accuracy")
    accuracyAxes.legend(location: .lowerRight)
    for ax in [lossAxes, accuracyAxes] {
        ax.xlabel = epochLabel
        ax.xlim = (0, Double(history.count) + 0.5)
    }
    return fig
}

/// Section 10: each method's test-accuracy difference from no regularization (± s.e.),
/// one panel per label regime, on one y range so the regimes compare by eye.
/// `differences[regime][method]` are fractions.
func comparisonFigure(methods: [String], regimes: [L], differences: [[Spread]]) -> Figure {
    let fig = Figure(width: 960, height: 420, rows: 1, columns: 2)
    let ends = differences.joined().flatMap { [100 * ($0.mean - $0.standardError), 100 * ($0.mean + $0.standardError)] }
    let low = min(0, ends.min() ?? 0), high = max(0, ends.max() ?? 0), pad = 0.08 * (high - low)
    for r in regimes.indices {
        let ax = fig[0, r]
        ax.ylim = (low - pad, high + pad)
        ax.bar(labels: methods, heights: differences[r].map { 100 * $0.mean }, color: Color.palette(r).lighter(0.2),
               label: "Δ test\\_acc")
        ax.errorbar(x: methods.indices.map(Double.init), y: differences[r].map { 100 * $0.mean },
                    yerr: differences[r].map { 100 * $0.standardError }, label: L(ru: "± ст. ошибка", en: "± s.e."))
        ax.axhline(0, color: .black, lineWidth: 1, dash: .solid)
        ax.legend(location: .best)
        ax.title = regimes[r]
        ax.ylabel = L(ru: "Δ точности, п. п.", en: "Δ accuracy, points")
        ax.xtickRotation = 30
    }
    return fig
}

/// Section 11: training (solid) and validation (dashed) accuracy per epoch, mean over
/// seeds, for each named group of runs, the gap between them shaded.
func dropoutGapFigure(_ runs: [(name: L, seeds: [[EpochRecord]])]) -> Figure {
    let epochs = runs.flatMap { $0.seeds.map(\.count) }.min()!
    func meanCurve(_ seeds: [[EpochRecord]], _ value: (EpochRecord) -> Double) -> [Double] {
        (0..<epochs).map { e in Spread(seeds.map { value($0[e]) }).mean }
    }
    let fig = Figure(width: 640, height: 400)
    let ax = fig.axes(0, 0)
    let x = (1...epochs).map(Double.init)
    for (k, (name, seeds)) in runs.enumerated() {
        let train = meanCurve(seeds, \.trainAccuracy), val = meanCurve(seeds, \.valAccuracy)
        ax.fillBetween(x: x, y1: val, y2: train, color: Color.palette(k), alpha: 0.15)
        ax.plot(x: x, y: train, label: "train\\_acc, \(name)", color: Color.palette(k), lineWidth: 2)
        ax.plot(x: x, y: val, label: "val\\_acc, \(name)", color: Color.palette(k), lineWidth: 2, dash: .dashed)
    }
    ax.xlabel = epochLabel
    ax.ylabel = L(ru: "точность (macro)", en: "accuracy (macro)")
    ax.title = L(ru: "разрыв между обучением и валидацией", en: "the gap between training and validation")
    ax.legend(location: .lowerRight)
    return fig
}
