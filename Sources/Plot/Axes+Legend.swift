import CCairo
import Foundation

extension Axes {
    static let legendInset = 7.0
    static let legendPadding = (x: 8.0, y: 6.0)
    static let legendSwatch = 22.0
    static let legendGap = 7.0
    static let legendRowGap = 4.0

    /// As in matplotlib, a label starting with "_" names a series (in the CSV)
    /// without giving it a legend entry.
    var legendEntries: [LegendEntry] { artists.compactMap(\.legendEntry).filter { !$0.label.hasPrefix("_") } }

    /// Legend size in points and per-entry text blocks.
    func legendSize(painter: Painter) -> (width: Double, height: Double, rowHeight: Double, columnWidths: [Double])? {
        let entries = legendEntries
        guard !entries.isEmpty else { return nil }
        let blocks = entries.map { painter.measure($0.label, size: Theme.legendSize) }
        let rowHeight = max(blocks.map(\.height).max() ?? 0, Theme.legendSize * 1.2)
        let columns = min(legendColumns, entries.count)
        let perColumn = Int((Double(entries.count) / Double(columns)).rounded(.up))
        var widths: [Double] = []
        for c in 0..<columns {
            let slice = blocks[(c * perColumn)..<min(entries.count, (c + 1) * perColumn)]
            widths.append(Axes.legendSwatch + Axes.legendGap + (slice.map(\.width).max() ?? 0))
        }
        let width = widths.reduce(0, +) + Double(columns - 1) * 14 + 2 * Axes.legendPadding.x
        let height = Double(perColumn) * rowHeight + Double(perColumn - 1) * Axes.legendRowGap + 2 * Axes.legendPadding.y
        return (width, height, rowHeight, widths)
    }

    /// The legend's box for a fixed location inside the plot box.
    static func legendBox(_ location: LegendLocation, width: Double, height: Double, in plot: Box) -> Box {
        let inset = legendInset
        let left = plot.minX + inset, right = plot.maxX - inset - width, midX = plot.midX - width / 2
        let top = plot.minY + inset, bottom = plot.maxY - inset - height, midY = plot.midY - height / 2
        let origin: (Double, Double)
        switch location {
        case .best, .upperRight: origin = (right, top)
        case .upperLeft: origin = (left, top)
        case .lowerLeft: origin = (left, bottom)
        case .lowerRight: origin = (right, bottom)
        case .centerRight: origin = (right, midY)
        case .centerLeft: origin = (left, midY)
        case .lowerCenter: origin = (midX, bottom)
        case .upperCenter: origin = (midX, top)
        case .center: origin = (midX, midY)
        }
        return Box(x: origin.0, y: origin.1, width: width, height: height)
    }

    /// Resolves `.best`: the candidate box covering the fewest data points
    /// (lines are sampled every few points along their length), earlier candidates winning ties.
    func placeLegend(_ location: LegendLocation, width: Double, height: Double, transform: AxisTransform) -> LegendLocation {
        guard location == .best else { return location }
        let points = artists.flatMap { $0.footprint(transform) }
        let candidates: [LegendLocation] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight, .centerRight,
                                            .centerLeft, .lowerCenter, .upperCenter, .center]
        var best = LegendLocation.upperRight, fewest = Int.max
        for candidate in candidates {
            let box = Axes.legendBox(candidate, width: width, height: height, in: transform.box).insetBy(-3)
            var count = 0
            for p in points where box.contains(p.0, p.1) { count += 1 }
            if count < fewest { fewest = count; best = candidate }
            if count == 0 { break }
        }
        return best
    }

    /// The location the legend was drawn at in the last rendering (resolves `.best`).
    func resolvedLegendLocation(painter: Painter) -> LegendLocation? {
        guard let legendLocation, let r = resolved, let size = legendSize(painter: painter) else { return nil }
        return placeLegend(legendLocation, width: size.width, height: size.height, transform: r.transform)
    }

    func drawLegend(location: LegendLocation, painter: Painter, transform: AxisTransform) {
        guard let size = legendSize(painter: painter) else { return }
        let place = placeLegend(location, width: size.width, height: size.height, transform: transform)
        let frame = Axes.legendBox(place, width: size.width, height: size.height, in: transform.box)
        let cr = painter.cr
        painter.roundedRectPath(frame, radius: 3)
        painter.setColor(Color.white.withAlpha(0.85))
        cairo_fill_preserve(cr)
        painter.setColor(Color(hex: "#D6D6D6"))
        painter.setLine(width: 0.8)
        cairo_stroke(cr)

        let entries = legendEntries
        let perColumn = Int((Double(entries.count) / Double(size.columnWidths.count)).rounded(.up))
        var x = frame.minX + Axes.legendPadding.x
        for (c, columnWidth) in size.columnWidths.enumerated() {
            for row in 0..<perColumn {
                let index = c * perColumn + row
                guard index < entries.count else { break }
                let entry = entries[index]
                let midY = frame.minY + Axes.legendPadding.y + Double(row) * (size.rowHeight + Axes.legendRowGap) + size.rowHeight / 2
                drawSwatch(entry, painter: painter, x: x, midY: midY)
                painter.drawText(entry.label, at: (x + Axes.legendSwatch + Axes.legendGap, midY), size: Theme.legendSize,
                                 .left, .center)
            }
            x += columnWidth + 14
        }
    }

    private func drawSwatch(_ entry: LegendEntry, painter: Painter, x: Double, midY: Double) {
        let w = Axes.legendSwatch
        switch entry.swatch {
        case .line(let style, let width, let marker):
            if width > 0 {
                painter.setColor(entry.color)
                painter.setLine(width: width, dash: style)
                painter.strokeLine(x, midY, x + w, midY)
            }
            if marker != .none { painter.drawMarker(marker, x: x + w / 2, y: midY, size: Theme.markerSize, fill: entry.color, edge: .white) }
        case .marker(let marker):
            painter.drawMarker(marker, x: x + w / 2, y: midY, size: Theme.markerSize + 1, fill: entry.color, edge: nil)
        case .patch(let alpha):
            let h = Theme.legendSize * 0.8
            painter.fillRect(Box(x: x + 2, y: midY - h / 2, width: w - 4, height: h), entry.color.withAlpha(alpha * entry.color.alpha))
        }
    }
}
