// The lesson's three figures: the sections call these, the styling lives here.
import Course

/// Red (worse) through white to green (better), for gains centred on zero (ColorBrewer RdYlGn without yellow).
let worseToBetter = Colormap(name: "worse-better", hex: ["#A50026", "#D73027", "#F46D43", "#FDAE61", "#FEE8D6", "#F7F7F7",
                                                         "#D9F0D3", "#A6DBA0", "#5AAE61", "#1B7837", "#00441B"])

/// Validation accuracy after every epoch of each rung's first seed; a cross where early stopping kept an earlier epoch.
func curvesFigure(_ results: [RungRuns], methods: [L]) -> Figure {
    let fig = Figure(width: 1000, height: 560)
    let ax = fig.ax
    for (i, r) in results.enumerated() {
        let history = r.runs[0].valHistory
        ax.plot(x: history.indices.map { Double($0 + 1) }, y: history, label: "\(i) \(methods[i])",
                color: Color.palette(i), dash: i >= 10 ? .dashed : .solid, marker: history.count <= 12 ? .circle : .none)
        if r.runs[0].stoppedEarly {
            // "_": named in the CSV, left out of the legend (as in matplotlib).
            ax.scatter(x: [Double(r.runs[0].keptEpoch + 1)], y: [r.runs[0].valAccuracy],
                       label: "_\(i) kept epoch", color: Color.palette(i), size: 14, marker: .cross, alpha: 1)
        }
    }
    ax.xlabel = L(ru: "эпоха", en: "epoch")
    ax.ylabel = L(ru: "точность на валидации", en: "validation accuracy")
    let all = results.flatMap { $0.runs[0].valHistory }
    ax.ylim = (max(0, ((all.min() ?? 0.7) * 50).rounded(.down) / 50), min(1, ((all.max() ?? 0.9) * 50).rounded(.up) / 50))
    ax.title = L(ru: "Крестик — эпоха, чьи веса вернула ранняя остановка", en: "A cross marks the epoch whose weights early stopping restored")
    ax.legend(location: .lowerRight)
    return fig
}

/// Mean validation accuracy (± 2 s.e.) and mean test accuracy of every rung, with the reference lines.
func ladderFigure(_ results: [RungRuns], testAccuracy: [Double], kept: [Bool], chosen: Int, methods: [L], seedTest: Double) -> Figure {
    let fig = Figure(width: 1000, height: 600)
    let ax = fig.ax
    let x = results.indices.map(Double.init)
    ax.axhline(target, color: Color.palette(3), dash: .dashed, label: "\(L(ru: "цель", en: "target")) \(f4(target))")
    ax.axhline(mlpBaseline, color: .gray, dash: .dotted, label: "\(L(ru: "бейзлайн MLP", en: "MLP baseline")) \(f4(mlpBaseline))")
    ax.axhline(humanAccuracy, color: Color(hex: "#8c564b"), dash: .dotted,
               label: "\(L(ru: "люди", en: "humans")) \(f4(humanAccuracy))")
    ax.plot(x: x, y: results.map(\.valMean), label: L(ru: "валидация, среднее по seed", en: "validation, mean over seeds"),
            color: Color.palette(0), marker: .circle)
    for (i, r) in results.enumerated() {
        ax.plot(x: [Double(i), Double(i)], y: [r.valMean - 2 * r.valSE, r.valMean + 2 * r.valSE], color: Color.palette(0))
    }
    ax.plot(x: x, y: testAccuracy, label: L(ru: "тест, среднее (посчитан после выбора)", en: "test, mean (computed after the choice)"),
            color: Color.palette(1), marker: .square)
    let dropped = results.indices.filter { !kept[$0] }
    if !dropped.isEmpty {
        ax.scatter(x: dropped.map(Double.init), y: dropped.map { results[$0].valMean },
                   label: L(ru: "метод отброшен (валидация не выросла)", en: "method dropped (validation did not rise)"),
                   color: Color(hex: "#d62728"), size: 12, marker: .cross, alpha: 1)
    }
    ax.scatter(x: [Double(chosen)], y: [results[chosen].valMean], label: L(ru: "выбранная ступень", en: "chosen rung"),
               color: Color.palette(0), size: 16, marker: .circle, alpha: 0.35)
    ax.xticks(x, labels: methods)
    ax.xtickRotation = 30
    let all = results.map(\.valMean) + testAccuracy + [humanAccuracy, target]
    ax.ylim = (((all.min()! - 0.01) * 50).rounded(.down) / 50, ((all.max()! + 0.01) * 50).rounded(.up) / 50)
    ax.ylabel = L(ru: "точность (среднее по классам); отрезки — ± 2 ст. ошибки", en: "accuracy (mean over classes); bars: ± 2 s.e.")
    ax.title = L(ru: "Методы лекции по одному: от \(f4(seedTest)) до \(f4(testAccuracy[chosen])) на тесте (среднее по seed)",
                 en: "The lecture's methods one at a time: from \(f4(seedTest)) to \(f4(testAccuracy[chosen])) on the test set (seed mean)")
    ax.legend(location: .lowerRight)
    return fig
}

/// Test confusion matrices before and after, and a third panel of gains coloured by better or worse.
func confusionFigure(before: [[Int]], after: [[Int]], classNames: [String], errorsBefore: Int, errorsAfter: Int) -> Figure {
    let fig = Figure(width: 1500, height: 560, rows: 1, columns: 3)
    // Coloured by better or worse, not by sign: more right answers on the diagonal and fewer
    // errors off it are both gains, so off-diagonal differences count with the sign flipped.
    let gain: [Double] = (0..<10).flatMap { t in
        (0..<10).map { p -> Double in
            let change = Double(after[t][p] - before[t][p])
            return t == p ? change : 0 - change   // 0 − 0 is +0, so an unchanged cell reads "+0", not "−0"
        }
    }
    let limit = max(1, gain.map(abs).max()!)
    let errors = { (n: Int) in L(ru: "\(n) " + russianPlural(n, "ошибка", "ошибки", "ошибок"), en: "\(n) errors") }
    let panels: [(Axes, [Double], L)] = [
        (fig.axes(0, 0), before.joined().map(Double.init),
         L(ru: "ступень 0 (рецепт урока 07): \(errors(errorsBefore).ru)", en: "rung 0 (lesson 07's recipe): \(errors(errorsBefore).en)")),
        (fig.axes(0, 1), after.joined().map(Double.init),
         L(ru: "итоговая: \(errors(errorsAfter).ru)", en: "final: \(errors(errorsAfter).en)")),
        (fig.axes(0, 2), gain, L(ru: "выигрыш: + лучше, − хуже", en: "gain: + better, − worse")),
    ]
    let countMax = Double(max(before.joined().max()!, after.joined().max()!))
    for (i, (ax, values, title)) in panels.enumerated() {
        if i < 2 {
            ax.imshow(pixels: values, height: 10, width: 10, colormap: .blues, vmin: 0, vmax: countMax,
                      annotateCells: "%.0f", cellTextSize: 7)
        } else {
            ax.imshow(pixels: values, height: 10, width: 10, colormap: worseToBetter, vmin: -limit, vmax: limit,
                      annotateCells: "%+.0f", cellTextSize: 7)
        }
        ax.xticks((0..<10).map(Double.init), labels: classNames)
        ax.yticks((0..<10).map(Double.init), labels: i == 0 ? classNames : (0..<10).map { _ in "" })
        ax.xtickRotation = 45
        ax.title = title
        ax.xlabel = L(ru: "предсказанный класс", en: "predicted class")
        if i == 0 { ax.ylabel = L(ru: "истинный класс", en: "true class") }
    }
    return fig
}
