// Lesson 02's figures: the plotting behind each `s.figure` call of main.swift,
// kept here so that a section shows the call and not the styling.
import Course
import Foundation

/// Validation accuracy against parameter count, one line per depth, each point labelled with its width.
func drawSearch(_ searchResults: [SearchResult], depths: [Int], trainCount: Int, epochs: Int) -> Figure {
    let fig = Figure(width: 640, height: 400)
    let ax = fig.ax
    for (i, depth) in depths.enumerated() {
        let runs = searchResults.filter { $0.depth == depth }
        let label = L(ru: "\(depth) \(russianPlural(depth, "скрытый слой", "скрытых слоя", "скрытых слоёв"))",
                      en: "\(depth) hidden layer\(depth == 1 ? "" : "s")")
        ax.plot(x: runs.map { Double($0.parameters) }, y: runs.map { 100 * $0.valAccuracy }, label: label,
                color: Color.palette(i), marker: .circle)
        for run in runs {
            ax.text(Double(run.parameters), 100 * run.valAccuracy, "  \(run.width)", size: 9, color: Color.palette(i),
                    align: .left, verticalAlign: .top)
        }
    }
    ax.xscale = .log
    ax.xlabel = L(ru: "число параметров (лог. шкала); у точек — ширина слоя", en: "parameters (log scale); points are labelled with the width")
    ax.ylabel = L(ru: "точность на валидации, %", en: "validation accuracy, %")
    ax.title = L(ru: "Поиск архитектуры MLP: \(grouped(trainCount, .ru)) изображений, \(epochs) \(russianPlural(epochs, "эпоха", "эпохи", "эпох"))",
                     en: "MLP architecture search: \(grouped(trainCount, .en)) images, \(epochs) epoch\(epochs == 1 ? "" : "s")")
    ax.legend(location: .lowerRight)
    return fig
}

/// The diagram: a column of layer boxes per model, coloured by where the weights
/// come from and labelled with how they train — all read from the models.
func drawTransfer(_ s: Section) -> Figure {
    let fig = Figure(width: 980, height: 520)
    let ax = fig.ax
    ax.hideAxes()
    let blue = Color.palette(0), orange = Color.palette(1), gray = Color.gray
    let columns: [(title: String, layers: [LayerState], outputs: [Int]?)] = [
        (s.t(L(ru: "1. сеть обучена на\nклассах \(classList(source))", en: "1. trained on\nclasses \(classList(source))")), sourceLayers, source),
        (s.t(L(ru: "2. голова удалена:\nhead = Identity()", en: "2. head removed:\nhead = Identity()")), headlessLayers, nil),
    ] + ways.enumerated().map { i, way in ("\(i + 3). " + s.t(way.name), way.layers, target) }
    let boxWidth = 1.5, boxHeight = 0.62, gapY = 0.5, columnStep = 2.0
    let layerCount = columns.map(\.layers.count).max()!
    func y(_ layer: Int) -> Double { Double(layer) * (boxHeight + gapY) }
    let top = y(layerCount - 1) + boxHeight
    for (c, column) in columns.enumerated() {
        let x0 = Double(c) * columnStep + (c >= 2 ? 0.45 : 0)
        let cx = x0 + boxWidth / 2
        ax.text(cx, top + 1.35, column.title, size: 10.5, bold: true)
        ax.text(cx, -0.55, L(ru: "вход 1×28×28", en: "input 1×28×28"), size: 9, color: gray)
        ax.arrow(from: (cx, -0.38), to: (cx, -0.02), color: gray, width: 1, headLength: 5)
        for (k, layer) in column.layers.enumerated() {
            let by = y(k)
            if k > 0 { ax.arrow(from: (cx, y(k - 1) + boxHeight), to: (cx, by), color: gray, width: 1, headLength: 5) }
            let name = RichText.escaped(layer.name)
            let fill: Color?, stroke: Color, text: String
            switch layer.origin {
            case .removed:
                fill = nil; stroke = gray.lighter(0.3)
                text = s.t(L(ru: "удалён", en: "removed"))
            case .source:
                fill = layer.lr == nil && c >= 2 ? blue.lighter(0.75) : blue.lighter(0.45); stroke = blue
                text = name
            case .fresh:
                fill = orange.lighter(0.45); stroke = orange
                text = name
            }
            let how: String
            if layer.origin == .removed { how = "" }
            else if c < 2 { how = layer.origin == .source ? s.t(L(ru: "обучен", en: "trained")) : "" }
            else if let lr = layer.lr { how = "lr " + lrText(lr) }
            else { how = s.t(L(ru: "заморожен", en: "frozen")) }
            ax.box(x: x0, y: by, width: boxWidth, height: boxHeight, fill: fill, stroke: stroke, lineWidth: layer.origin == .removed ? 1 : 1.3,
                   label: how.isEmpty ? text : text + "\n" + how, labelSize: 9, labelColor: layer.origin == .removed ? gray : Color.text)
        }
        if let outputs = column.outputs {
            ax.arrow(from: (cx, top), to: (cx, top + 0.3), color: gray, width: 1, headLength: 5)
            ax.text(cx, top + 0.55, s.t(L(ru: "классы ", en: "classes ")) + classList(outputs), size: 9, color: gray)
        }
    }
    // The path of the weights: saved, loaded without the head, reused.
    let midY = y(layerCount / 2) + boxHeight / 2
    ax.arrow(from: (boxWidth + 0.05, midY), to: (columnStep - 0.05, midY), color: blue, width: 1.5, headLength: 7)
    ax.text(columnStep - 0.25, midY + 0.32, "save → load\nstrict: false", size: 8, color: blue)
    let divider = 2 * columnStep - 0.05
    ax.line(from: (divider, -0.8), to: (divider, top + 1.7), color: Color.lightGray, width: 1, dash: .dashed)
    // Legend.
    let legendY = -1.35
    let legend: [(Color?, Color, String)] = [
        (blue.lighter(0.45), blue, s.t(L(ru: "веса с исходной задачи", en: "weights from the source task"))),
        (blue.lighter(0.75), blue, s.t(L(ru: "те же, заморожены", en: "the same, frozen"))),
        (orange.lighter(0.45), orange, s.t(L(ru: "новые, случайная инициализация", en: "new, random initialisation"))),
    ]
    for (i, item) in legend.enumerated() {
        let lx = 0.2 + Double(i) * 3.3
        ax.box(x: lx, y: legendY - 0.18, width: 0.45, height: 0.36, fill: item.0, stroke: item.1, lineWidth: 1.2)
        ax.text(lx + 0.6, legendY, item.2, size: 9.5, align: .left)
    }
    ax.xlim = (-0.3, Double(columns.count - 1) * columnStep + 0.45 + boxWidth + 0.3)
    ax.ylim = (legendY - 0.4, top + 1.9)
    return fig
}

/// Validation accuracy and training loss per epoch for the three ways of section 7.
func drawWayCurves(_ wayHistories: [[Epoch]], names: [L], trainCount: Int, valCount: Int) -> Figure {
    let fig = Figure(width: 900, height: 340, rows: 1, columns: 2)
    let accuracy = fig.axes(0, 0), loss = fig.axes(0, 1)
    for (i, name) in names.enumerated() {
        let x = wayHistories[i].map { Double($0.epoch + 1) }
        accuracy.plot(x: x, y: wayHistories[i].map { 100 * $0.valAccuracy }, label: name, color: Color.palette(i), marker: .circle, markerSize: 3.5)
        loss.plot(x: x, y: wayHistories[i].map(\.trainLoss), label: name, color: Color.palette(i), marker: .circle, markerSize: 3.5)
    }
    accuracy.title = L(ru: "Точность на валидации (\(valCount) изобр.)", en: "Validation accuracy (\(valCount) images)")
    accuracy.ylabel = "%"
    loss.title = L(ru: "Потери на обучении (\(trainCount) изобр.)", en: "Training loss (\(trainCount) images)")
    loss.yscale = .log
    for ax in [accuracy, loss] { ax.xlabel = L(ru: "эпоха", en: "epoch"); ax.legend() }
    accuracy.legend(location: .lowerRight)
    return fig
}

/// The gain curve: each way's accuracy with its standard error, and the two
/// gains over training from scratch with their 95 % intervals (what the verdict reads).
func drawGainCurve(_ s: Section, _ curve: [CurvePoint]) -> Figure {
    let fig = Figure(width: 900, height: 360, rows: 1, columns: 2)
    let left = fig.axes(0, 0), right = fig.axes(0, 1)
    let x = curve.map { Double($0.labels) }
    let names = [L(ru: "с нуля", en: "from scratch"), L(ru: "тело заморожено", en: "frozen body"), L(ru: "дообучение", en: "fine tuning")]
    // Side by side on the log axis, so that the error bars do not hide each other.
    func shifted(_ i: Int) -> [Double] { x.map { $0 * pow(1.07, Double(i - 1)) } }
    for (i, runs) in [curve.map(\.scratch), curve.map(\.frozen), curve.map(\.tuned)].enumerated() {
        let spreads = runs.map(Spread.init)
        left.plot(x: shifted(i), y: spreads.map { 100 * $0.mean }, label: names[i], color: Color.palette(i), marker: .circle, markerSize: 4)
        left.errorbar(x: shifted(i), y: spreads.map { 100 * $0.mean }, yerr: spreads.map { 100 * $0.standardError }, color: Color.palette(i))
    }
    left.title = L(ru: "Точность на валидации (± ст. ошибка)", en: "Validation accuracy (± s.e.)")
    left.ylabel = "%"
    left.legend(location: .lowerRight)
    for (i, gains) in [(1, curve.map(\.frozenGain)), (2, curve.map(\.tunedGain))] {
        let color = Color.palette(i)
        let y = gains.map { 100 * $0.differences.mean }
        right.plot(x: shifted(i), y: y, label: L(ru: names[i].ru + " − с нуля", en: names[i].en + " − from scratch"),
                   color: color, marker: .circle, markerSize: 4)
        right.errorbar(x: shifted(i), y: y, yerr: gains.map { 100 * $0.differences.confidenceHalfWidth }, color: color)
    }
    right.axhline(0, color: Color.gray)
    right.title = L(ru: "Выигрыш переноса, п. п. (95-процентный интервал)", en: "Gain of transfer, points (95 % interval)")
    right.legend(location: .best)
    for ax in [left, right] {
        ax.xscale = .log
        ax.xticks(x, labels: curve.map { grouped($0.labels, s.lang) })
        ax.xlabel = L(ru: "размеченных изображений новой задачи", en: "labelled images of the new task")
    }
    return fig
}
