// The lesson's figures of paths and losses, kept out of the sections so they
// show the call: paths on a loss map, every optimizer on one map, and their
// losses step by step, with the runs that end together said to do so
// (otherwise the last one drawn hides the others and a student counts fewer
// lines than the legend promises).
import Course
import Foundation

/// One optimizer's run as the figures draw it.
typealias DrawnRun = (name: String, path: LossSurface.Path, color: Color)

/// A loss on a grid: `z[row][column]` at (`x[column]`, `y[row]`).
typealias LossGrid = (x: [Double], y: [Double], z: [[Double]])

/// A 2 × 2 figure of loss maps, one path on each panel (its title above it)
/// and a white × at `minimum`.
func pathPanels(grid: LossGrid, levels: ContourLevels, minimum: [Double], markEvery: Bool,
                panels: [(title: String, path: LossSurface.Path)]) -> Figure {
    let fig = Figure(width: 760, height: 700, rows: 2, columns: 2)
    for (k, panel) in panels.enumerated() {
        let ax = fig.axes(k / 2, k % 2)
        drawPaths(on: ax, x: grid.x, y: grid.y, z: grid.z, levels: levels, paths: [(nil, panel.path, Color.red)],
                  markEvery: markEvery)
        ax.scatter(x: [minimum[0]], y: [minimum[1]], color: .white, size: 9, marker: .cross)
        ax.title = panel.title
    }
    return fig
}

/// The indices of `paths` grouped by where they end: paths whose final points
/// are within `tolerance` along both axes fall into one group (in their order).
func groupedByEnd(_ paths: [LossSurface.Path], tolerance: Double = 0.1) -> [[Int]] {
    var groups: [[Int]] = []
    for (k, path) in paths.enumerated() {
        guard !path.diverged, let end = path.points.last else { groups.append([k]); continue }
        if let g = groups.firstIndex(where: { group in
            let other = paths[group[0]]
            return !other.diverged && zip(other.points.last!, end).allSatisfy { Swift.abs($0 - $1) <= tolerance }
        }) {
            groups[g].append(k)
        } else {
            groups.append([k])
        }
    }
    return groups
}

/// The first step from which the losses of `paths` stay within 2 % of each
/// other to the end: on a log axis their curves are one line from there.
func mergeStep(_ paths: [LossSurface.Path]) -> Int {
    var step = paths.map(\.losses.count).min()!
    while step > 0 {
        let values = paths.map { $0.losses[step - 1] }
        guard values.max()! <= 1.02 * values.min()! else { break }
        step -= 1
    }
    return step
}

/// Every run's path on the Gabor map; each group of runs that end together
/// gets one note, `notes[k]`, with an arrow at their common end.
func optimizerMap(grid: LossGrid, runs: [DrawnRun], minimum: (Double, Double), together: [[Int]],
                  notes: [any DisplayText]) -> Figure {
    let fig = Figure(width: 720, height: 600)
    let ax = fig.ax
    drawPaths(on: ax, x: grid.x, y: grid.y, z: grid.z, levels: 14, paths: runs.map { ($0.name, $0.path, $0.color) },
              markEvery: false)
    ax.scatter(x: [minimum.0], y: [minimum.1], color: .white, size: 9, marker: .cross)
    for (group, note) in zip(together, notes) {
        // The note goes on past the end, in the direction the runs travelled: away from their paths.
        let path = runs[group[0]].path, start = path.points.first!, end = path.points.last!
        let (dx, dy) = (end[0] - start[0], end[1] - start[1])
        let length = max(hypot(dx, dy), 1e-9)
        ax.annotate(note, xy: (end[0], end[1]), xytext: (end[0] + 3.5 * dx / length, end[1] + 3.5 * dy / length), size: 9.5)
    }
    ax.legend(location: .upperRight)
    return fig
}

/// The loss of every run after each step on a log axis, the global minimum as
/// a dashed line; runs that end together are drawn with different dashes (so
/// the colours beneath show through) and get one note, `notes[k]`, under their
/// common final loss.
func lossPerStep(runs: [DrawnRun], minimumLoss: Double, minimumLabel: any DisplayText,
                 together: [[Int]], notes: [any DisplayText]) -> Figure {
    let fig = Figure(width: 720, height: 420)
    let ax = fig.ax
    let dashes: [LineStyle] = [.dashed, .dotted, .dashDot]
    for (k, run) in runs.enumerated() {
        let position = together.first { $0.contains(k) }?.firstIndex(of: k) ?? 0
        ax.plot(x: run.path.losses.indices.map(Double.init), y: run.path.losses, label: run.name, color: run.color,
                lineWidth: 1.6, dash: position == 0 ? .solid : dashes[(position - 1) % dashes.count])
    }
    ax.axhline(minimumLoss, label: minimumLabel)
    for (group, note) in zip(together, notes) {
        let path = runs[group[0]].path
        ax.text(Double(path.losses.count - 1), path.losses.last! / 1.1, note, size: 9.5,
                align: .right, verticalAlign: .top)
    }
    ax.yscale = .log
    ax.ylim = (0.015, 0.7)
    ax.ylabel = "L[φ] (MSE)"
    ax.legend(location: .upperRight, columns: 3)
    return fig
}
