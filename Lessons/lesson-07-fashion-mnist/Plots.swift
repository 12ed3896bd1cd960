// The lesson's figures, styled here so that a section shows the call, not the styling.
import Course
import Foundation

/// Loss and accuracy per epoch of the hand-written loop (livelossplot's two panels).
/// The x axis spans every planned epoch, so the live redraws do not rescale.
func trainingFigure(_ rows: [EpochRow], totalEpochs: Int) -> Figure {
    let fig = Figure(width: 900, height: 300, rows: 1, columns: 2)
    let x = rows.indices.map { Double($0 + 1) }
    let loss = fig.axes(0, 0), acc = fig.axes(0, 1)
    let train = L(ru: "обучение", en: "training"), val = L(ru: "валидация", en: "validation")
    loss.plot(x: x, y: rows.map(\.trainLoss), label: train, marker: .circle)
    loss.plot(x: x, y: rows.map(\.valLoss), label: val, marker: .circle)
    acc.plot(x: x, y: rows.map(\.trainAcc), label: train, marker: .circle)
    acc.plot(x: x, y: rows.map(\.valAcc), label: val, marker: .circle)
    loss.title = L(ru: "Функция потерь (кросс-энтропия)", en: "Loss (cross-entropy)")
    acc.title = L(ru: "Точность (среднее по классам)", en: "Accuracy (mean over classes)")
    for ax in [loss, acc] {
        ax.xlabel = L(ru: "эпоха", en: "epoch")
        ax.xlim = (0.5, Double(max(totalEpochs, 2)) + 0.5)
        ax.legend()
    }
    return fig
}

/// The confusion matrix as a heat map with the count in every cell.
func confusionFigure(_ counts: [[Int]], classNames: [String], images: Int) -> Figure {
    let fig = Figure(width: 700, height: 640)
    let ax = fig.axes(0, 0)
    ax.imshow(pixels: counts.joined().map(Double.init), height: 10, width: 10, colormap: .blues,
              annotateCells: "%.0f", cellTextSize: 9)
    ax.xticks((0..<10).map(Double.init), labels: classNames)
    ax.yticks((0..<10).map(Double.init), labels: classNames)
    ax.xtickRotation = 45
    ax.title = L(ru: "Матрица ошибок: \(ru(images)) тестовых изображений", en: "Confusion matrix: \(en(images)) test images")
    ax.xlabel = L(ru: "предсказанный класс", en: "predicted class")
    ax.ylabel = L(ru: "истинный класс", en: "true class")
    return fig
}

/// A test image beside the bar chart of the class probabilities the model gives it.
func predictionFigure(image: Tensor, label: Int, probabilities: [Double], predicted: Int, classNames: [String]) -> Figure {
    let fig = Figure(width: 860, height: 380, rows: 1, columns: 2)
    let left = fig.axes(0, 0), right = fig.axes(0, 1)
    left.imshow(pixels: image.scalars.map { UInt8(($0 * 255).rounded()) }, height: 28, width: 28)
    left.hideAxes()
    left.title = L(ru: "истинный класс: \(classNames[label])", en: "true class: \(classNames[label])")
    right.bar(labels: classNames, heights: probabilities, color: Color.palette(0), valueFormat: "%.2f")
    right.xtickRotation = 45
    right.ylim = (0, 1.1)
    right.ylabel = L(ru: "вероятность", en: "probability")
    right.title = L(ru: "предсказание: \(classNames[predicted])", en: "prediction: \(classNames[predicted])")
    return fig
}

/// Validation loss and accuracy per epoch of several Trainer runs, one colour per run.
func validationCurvesFigure(_ curves: [(label: String, history: [EpochMetrics])]) -> Figure {
    let fig = Figure(width: 900, height: 320, rows: 1, columns: 2)
    let loss = fig.axes(0, 0), acc = fig.axes(0, 1)
    for (i, curve) in curves.enumerated() {
        let x = curve.history.map { Double($0.epoch + 1) }
        loss.plot(x: x, y: curve.history.map { $0.valLoss ?? .nan }, label: curve.label, color: Color.palette(i), marker: .circle)
        acc.plot(x: x, y: curve.history.map { $0.valAccuracy ?? .nan }, label: curve.label, color: Color.palette(i), marker: .circle)
    }
    loss.title = L(ru: "Потери на валидации (val/loss)", en: "Validation loss (val/loss)")
    acc.title = L(ru: "Точность на валидации (val/acc)", en: "Validation accuracy (val/acc)")
    for ax in [loss, acc] { ax.xlabel = L(ru: "эпоха", en: "epoch"); ax.legend() }
    return fig
}
