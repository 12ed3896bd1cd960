// The experiment's figure, kept out of the section so it shows the call:
// training accuracy, validation accuracy and the gap between them for both
// networks per epoch, each as the mean over seeds with a band of ± one
// standard error; validation gets a panel of its own, since its curves lie
// close together.
import Course
import Foundation

/// Left: train accuracy of `plain` and `augmented` per measured epoch; middle:
/// validation accuracy, with a dotted line at the plain network's best epoch
/// (mean over seeds, `earlyStoppedName`); right: the train − val gap; in percent.
func experimentCurves(plain: [AugRun], augmented: [AugRun], plainName: any DisplayText, augmentedName: any DisplayText,
                      earlyStoppedName: any DisplayText) -> (figure: Figure, train: Axes, val: Axes, gap: Axes) {
    let fig = Figure(width: 1200, height: 380, rows: 1, columns: 3)
    let x = plain[0].epochs.map(Double.init)
    let (trainAxes, valAxes, gapAxes) = (fig.axes(0, 0), fig.axes(0, 1), fig.axes(0, 2))
    func band(_ ax: Axes, _ runs: [AugRun], _ f: @escaping (AugRun, Int) -> Double, label: String, color: Color) {
        let m = x.indices.map { i in Spread(runs.map { f($0, i) }) }
        ax.fillBetween(x: x, y1: m.map { 100 * ($0.mean - $0.standardError) }, y2: m.map { 100 * ($0.mean + $0.standardError) }, color: color)
        ax.plot(x: x, y: m.map { 100 * $0.mean }, label: label, color: color)
    }
    for (runs, name, color) in [(plain, plainName.displayText, Color.palette(0)), (augmented, augmentedName.displayText, Color.palette(1))] {
        band(trainAxes, runs, { $0.train[$1] }, label: name, color: color)
        band(valAxes, runs, { $0.val[$1] }, label: name, color: color)
        band(gapAxes, runs, { $0.train[$1] - $0.val[$1] }, label: name, color: color)
    }
    let earlyStopped = Spread(plain.map { $0.val.max()! }).mean
    valAxes.axhline(100 * earlyStopped, color: .gray, dash: .dotted, label: earlyStoppedName)
    trainAxes.legend(location: .lowerRight)
    valAxes.legend(location: .lowerRight)
    gapAxes.legend(location: .lowerRight)
    return (fig, trainAxes, valAxes, gapAxes)
}
