// The experiment's figure, kept out of the section so it shows the call:
// training and validation accuracy of both networks per epoch, and the gap
// between them, each as the mean over seeds with a band of ± one standard error.
import Course
import Foundation

/// Left: train (dashed) and validation (solid) accuracy of `plain` and
/// `augmented` per measured epoch; right: the train − val gap; in percent.
func experimentCurves(plain: [AugRun], augmented: [AugRun], plainName: any DisplayText, augmentedName: any DisplayText) -> (figure: Figure, left: Axes, right: Axes) {
    let fig = Figure(width: 900, height: 360, rows: 1, columns: 2)
    let x = plain[0].epochs.map(Double.init)
    let left = fig.axes(0, 0), right = fig.axes(0, 1)
    func band(_ ax: Axes, _ runs: [AugRun], _ f: @escaping (AugRun, Int) -> Double, label: String, color: Color, dash: LineStyle) {
        let m = x.indices.map { i in Spread(runs.map { f($0, i) }) }
        ax.fillBetween(x: x, y1: m.map { 100 * ($0.mean - $0.standardError) }, y2: m.map { 100 * ($0.mean + $0.standardError) }, color: color)
        ax.plot(x: x, y: m.map { 100 * $0.mean }, label: label, color: color, dash: dash)
    }
    for (runs, name, color) in [(plain, plainName.displayText, Color.palette(0)), (augmented, augmentedName.displayText, Color.palette(1))] {
        band(left, runs, { $0.train[$1] }, label: "train, " + name, color: color, dash: .dashed)
        band(left, runs, { $0.val[$1] }, label: "val, " + name, color: color, dash: .solid)
        band(right, runs, { $0.train[$1] - $0.val[$1] }, label: name, color: color, dash: .solid)
    }
    left.legend(location: .lowerRight)
    right.legend(location: .lowerRight)
    return (fig, left, right)
}
