import CCairo
import Foundation

/// `plot`: a polyline with optional markers.
final class LineArtist: Artist {
    let x: [Double], y: [Double]
    let label: String?
    let color: Color
    let width: Double
    let style: LineStyle
    let marker: Marker
    let markerSize: Double

    init(x: [Double], y: [Double], label: String?, color: Color, width: Double, style: LineStyle, marker: Marker, markerSize: Double) {
        self.x = x; self.y = y; self.label = label; self.color = color
        self.width = width; self.style = style; self.marker = marker; self.markerSize = markerSize
    }

    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        for (u, v) in zip(x, y) where u.isFinite && v.isFinite { b.include(x: u, y: v, xScale: xs, yScale: ys) }
        return b
    }
    var pointPadding: Double { marker == .none ? 0 : 0 }

    func points(_ t: AxisTransform) -> [(Double, Double)] {
        zip(x, y).map { u, v in
            let p = t.point(u, v)
            return p.0.isFinite && p.1.isFinite ? p : (.nan, .nan)
        }
    }

    func draw(_ c: DrawContext) {
        let pts = points(c.transform)
        if width > 0 {
            c.painter.setColor(color)
            c.painter.setLine(width: width, dash: style)
            c.painter.strokePolyline(pts)
        }
        if marker != .none {
            for p in pts where p.0.isFinite && p.1.isFinite {
                c.painter.drawMarker(marker, x: p.0, y: p.1, size: markerSize, fill: color, edge: .white)
            }
        }
    }

    var legendEntry: LegendEntry? {
        label.map { LegendEntry(label: $0, color: color, swatch: .line(style, width: width, marker: marker)) }
    }
    func footprint(_ t: AxisTransform) -> [(Double, Double)] { densify(points(t)) }
    var csv: [CSVPart] { [.series(name: label ?? "", x: x.map(csvNumber), y: y)] }
}

/// `scatter`: markers only.
final class ScatterArtist: Artist {
    let x: [Double], y: [Double]
    let label: String?
    let color: Color
    let size: Double
    let marker: Marker
    let alpha: Double

    init(x: [Double], y: [Double], label: String?, color: Color, size: Double, marker: Marker, alpha: Double) {
        self.x = x; self.y = y; self.label = label; self.color = color; self.size = size; self.marker = marker; self.alpha = alpha
    }
    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        for (u, v) in zip(x, y) where u.isFinite && v.isFinite { b.include(x: u, y: v, xScale: xs, yScale: ys) }
        return b
    }
    var pointPadding: Double { size / 2 }
    func draw(_ c: DrawContext) {
        for (u, v) in zip(x, y) {
            let p = c.transform.point(u, v)
            guard p.0.isFinite, p.1.isFinite else { continue }
            c.painter.drawMarker(marker, x: p.0, y: p.1, size: size, fill: color.withAlpha(alpha * color.alpha),
                                 edge: Color.white.withAlpha(0.8))
        }
    }
    var legendEntry: LegendEntry? { label.map { LegendEntry(label: $0, color: color.withAlpha(alpha), swatch: .marker(marker)) } }
    func footprint(_ t: AxisTransform) -> [(Double, Double)] { zip(x, y).map { t.point($0, $1) } }
    var csv: [CSVPart] { [.series(name: label ?? "", x: x.map(csvNumber), y: y)] }
}

/// `bar`: vertical bars at numeric positions or categories (grouped side by side).
final class BarArtist: Artist {
    let positions: [Double]
    let categoryNames: [String]?
    let heights: [Double]
    let bottom: Double
    let label: String?
    let color: Color
    var width: Double
    var offset = 0.0
    let valueFormat: String?

    init(positions: [Double], categoryNames: [String]?, heights: [Double], bottom: Double, label: String?, color: Color,
         width: Double, valueFormat: String?) {
        self.positions = positions; self.categoryNames = categoryNames; self.heights = heights; self.bottom = bottom
        self.label = label; self.color = color; self.width = width; self.valueFormat = valueFormat
    }

    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        for (p, h) in zip(positions, heights) {
            b.include(x: p + offset - width / 2, y: bottom, xScale: xs, yScale: ys)
            b.include(x: p + offset + width / 2, y: bottom + h, xScale: xs, yScale: ys)
        }
        b.stickyY = [bottom]
        return b
    }

    func rects(_ t: AxisTransform) -> [Box] {
        zip(positions, heights).map { p, h in
            let x0 = t.x(p + offset - width / 2), x1 = t.x(p + offset + width / 2)
            let y0 = t.y(bottom), y1 = t.y(bottom + h)
            return Box(minX: min(x0, x1), minY: min(y0, y1), maxX: max(x0, x1), maxY: max(y0, y1))
        }
    }

    func draw(_ c: DrawContext) {
        let drawn = zip(rects(c.transform), heights).filter { $0.0.width.isFinite && $0.0.height.isFinite }
        c.painter.save()
        c.painter.clip(to: c.transform.box)
        for (rect, _) in drawn {
            c.painter.fillRect(rect, color)
            c.painter.setColor(.white)
            c.painter.setLine(width: 0.8)
            cairo_rectangle(c.painter.cr, rect.minX, rect.minY, rect.width, rect.height)
            cairo_stroke(c.painter.cr)
        }
        c.painter.restore()
        // Value labels are not clipped: a label just above the top of the axes stays readable.
        for (rect, h) in drawn {
            if let valueFormat {
                let text = Ticks.minusSign(String(format: valueFormat, h))
                let above = h >= 0
                c.painter.drawText(text, at: (rect.midX, above ? rect.minY - 3 : rect.maxY + 3), size: Theme.tickSize - 0.5,
                                   .center, above ? .bottom : .top, color: Theme.tickLabelColor)
            }
        }
    }
    /// Value labels sit above the bars: leave room for them.
    var pointPadding: Double { valueFormat == nil ? 0 : Theme.tickSize + 4 }
    var clipped: Bool { false }

    var legendEntry: LegendEntry? { label.map { LegendEntry(label: $0, color: color, swatch: .patch(alpha: 1)) } }
    func footprint(_ t: AxisTransform) -> [(Double, Double)] {
        // Sample each bar on a grid so large bars weigh more than small ones.
        var out: [(Double, Double)] = []
        for r in rects(t) where r.width.isFinite && r.height.isFinite {
            var y = r.minY
            while y <= r.maxY { var x = r.minX; while x <= r.maxX { out.append((x, y)); x += 6 }; y += 6 }
        }
        return out
    }
    var csv: [CSVPart] {
        [.series(name: label ?? "", x: categoryNames ?? positions.map(csvNumber), y: heights)]
    }
}

/// `fillBetween`: the area between two curves.
final class FillArtist: Artist {
    let x: [Double], y1: [Double], y2: [Double]
    let label: String?
    let color: Color
    let alpha: Double

    init(x: [Double], y1: [Double], y2: [Double], label: String?, color: Color, alpha: Double) {
        self.x = x; self.y1 = y1; self.y2 = y2; self.label = label; self.color = color; self.alpha = alpha
    }
    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        for i in x.indices {
            b.include(x: x[i], y: y1[i], xScale: xs, yScale: ys)
            b.include(x: x[i], y: y2[i], xScale: xs, yScale: ys)
        }
        return b
    }
    func draw(_ c: DrawContext) {
        let cr = c.painter.cr
        // Each finite run of points is its own polygon.
        var start = 0
        while start < x.count {
            var end = start
            while end < x.count, c.transform.x(x[end]).isFinite, c.transform.y(y1[end]).isFinite, c.transform.y(y2[end]).isFinite { end += 1 }
            if end - start >= 2 {
                cairo_move_to(cr, c.transform.x(x[start]), c.transform.y(y1[start]))
                for i in (start + 1)..<end { cairo_line_to(cr, c.transform.x(x[i]), c.transform.y(y1[i])) }
                for i in stride(from: end - 1, through: start, by: -1) { cairo_line_to(cr, c.transform.x(x[i]), c.transform.y(y2[i])) }
                cairo_close_path(cr)
            }
            start = end + 1
        }
        c.painter.setColor(color.withAlpha(alpha * color.alpha))
        cairo_fill(cr)
    }
    var legendEntry: LegendEntry? { label.map { LegendEntry(label: $0, color: color, swatch: .patch(alpha: alpha)) } }
    func footprint(_ t: AxisTransform) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        for i in x.indices {
            let px = t.x(x[i]), a = t.y(y1[i]), b = t.y(y2[i])
            guard px.isFinite, a.isFinite, b.isFinite else { continue }
            var y = min(a, b)
            while y <= max(a, b) { out.append((px, y)); y += 8 }
        }
        return out
    }
    var csv: [CSVPart] {
        let name = label ?? "fill"
        return [.series(name: name + " (lower)", x: x.map(csvNumber), y: y1),
                .series(name: name + " (upper)", x: x.map(csvNumber), y: y2)]
    }
}

/// `axhline` / `axvline`: a reference line across the whole axes.
final class ReferenceLineArtist: Artist {
    let value: Double
    let horizontal: Bool
    let label: String?
    let color: Color
    let width: Double
    let style: LineStyle

    init(value: Double, horizontal: Bool, label: String?, color: Color, width: Double, style: LineStyle) {
        self.value = value; self.horizontal = horizontal; self.label = label; self.color = color; self.width = width; self.style = style
    }
    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        // A reference line should stay visible without stretching the other axis.
        var b = DataBounds()
        let s = horizontal ? ys : xs
        if value.isFinite && !(s == .log && value <= 0) {
            if horizontal { b.minY = value; b.maxY = value } else { b.minX = value; b.maxX = value }
        }
        return b
    }
    func draw(_ c: DrawContext) {
        let box = c.transform.box
        c.painter.setColor(color)
        c.painter.setLine(width: width, dash: style)
        if horizontal {
            let y = c.transform.y(value); if y.isFinite { c.painter.strokeLine(box.minX, y, box.maxX, y) }
        } else {
            let x = c.transform.x(value); if x.isFinite { c.painter.strokeLine(x, box.minY, x, box.maxY) }
        }
    }
    var legendEntry: LegendEntry? { label.map { LegendEntry(label: $0, color: color, swatch: .line(style, width: width, marker: .none)) } }
    func footprint(_ t: AxisTransform) -> [(Double, Double)] {
        let box = t.box
        if horizontal { let y = t.y(value); return densify([(box.minX, y), (box.maxX, y)]) }
        let x = t.x(value); return densify([(x, box.minY), (x, box.maxY)])
    }
    /// A reference line is a constant, not plotted data: it stays out of the CSV.
    var csv: [CSVPart] { [] }
}
