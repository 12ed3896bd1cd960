import Foundation

extension Axes {
    /// Vertical error bars y[i] ± yerr[i] with caps, like matplotlib's
    /// `ax.errorbar(x, y, yerr, fmt="none", capsize=4)`. On a bar chart of
    /// categories, the bars of the k-th category sit at x = k.
    public func errorbar(x: [Double], y: [Double], yerr: [Double], color: Color = .black, label: (any DisplayText)? = nil,
                         lineWidth: Double = 1.25, capSize: Double = 4) {
        precondition(x.count == y.count && y.count == yerr.count,
                     "errorbar: x, y and yerr need equal lengths, got \(x.count), \(y.count), \(yerr.count)")
        add(ErrorBarArtist(x: x, y: y, yerr: yerr, label: label?.displayText, color: color, width: lineWidth, capSize: capSize))
    }
}

final class ErrorBarArtist: Artist {
    let x: [Double], y: [Double], yerr: [Double]
    let label: String?
    let color: Color
    let width: Double
    let capSize: Double

    init(x: [Double], y: [Double], yerr: [Double], label: String?, color: Color, width: Double, capSize: Double) {
        self.x = x; self.y = y; self.yerr = yerr; self.label = label; self.color = color
        self.width = width; self.capSize = capSize
    }

    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        for i in x.indices where yerr[i].isFinite {
            b.include(x: x[i], y: y[i] - yerr[i], xScale: xs, yScale: ys)
            b.include(x: x[i], y: y[i] + yerr[i], xScale: xs, yScale: ys)
        }
        return b
    }
    var pointPadding: Double { capSize }

    func draw(_ c: DrawContext) {
        c.painter.setColor(color)
        c.painter.setLine(width: width)
        for i in x.indices where yerr[i].isFinite {
            let px = c.transform.x(x[i]), low = c.transform.y(y[i] - yerr[i]), high = c.transform.y(y[i] + yerr[i])
            guard px.isFinite, low.isFinite, high.isFinite else { continue }
            c.painter.strokeLine(px, low, px, high)
            c.painter.strokeLine(px - capSize, low, px + capSize, low)
            c.painter.strokeLine(px - capSize, high, px + capSize, high)
        }
    }

    var legendEntry: LegendEntry? {
        label.map { LegendEntry(label: $0, color: color, swatch: .line(.solid, width: width, marker: .none)) }
    }
    func footprint(_ t: AxisTransform) -> [(Double, Double)] {
        x.indices.flatMap { i in densify([t.point(x[i], y[i] - yerr[i]), t.point(x[i], y[i] + yerr[i])]) }
    }
    var csv: [CSVPart] {
        [.series(name: (label ?? "error") + " (±)", x: x.map(csvNumber), y: yerr)]
    }
}
