import CCairo
import Foundation

/// A circle centred at a data point; radius in data units (an ellipse unless
/// the axes has `aspectEqual`) or in points (always round).
final class CircleArtist: Artist {
    let center: (Double, Double)
    let radius: Double
    let radiusInPoints: Bool
    let fill: Color?
    let stroke: Color?
    let strokeWidth: Double
    let label: String?
    let labelSize: Double

    init(center: (Double, Double), radius: Double, radiusInPoints: Bool, fill: Color?, stroke: Color?, strokeWidth: Double,
         label: String?, labelSize: Double) {
        self.center = center; self.radius = radius; self.radiusInPoints = radiusInPoints; self.fill = fill
        self.stroke = stroke; self.strokeWidth = strokeWidth; self.label = label; self.labelSize = labelSize
    }
    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        let r = radiusInPoints ? 0 : radius
        b.include(x: center.0 - r, y: center.1 - r, xScale: xs, yScale: ys)
        b.include(x: center.0 + r, y: center.1 + r, xScale: xs, yScale: ys)
        return b
    }
    var pointPadding: Double { (radiusInPoints ? radius : 0) + strokeWidth + 1 }
    var clipped: Bool { false }

    func draw(_ c: DrawContext) {
        let cr = c.painter.cr
        let p = c.transform.point(center.0, center.1)
        let rx = radiusInPoints ? radius : radius * c.transform.xPointsPerUnit
        let ry = radiusInPoints ? radius : radius * c.transform.yPointsPerUnit
        guard p.0.isFinite, p.1.isFinite, rx > 0, ry > 0 else { return }
        cairo_save(cr)
        cairo_translate(cr, p.0, p.1)
        cairo_scale(cr, rx, ry)
        cairo_new_sub_path(cr)
        cairo_arc(cr, 0, 0, 1, 0, 2 * .pi)
        cairo_restore(cr)
        if let fill { c.painter.setColor(fill); cairo_fill_preserve(cr) }
        if let stroke { c.painter.setColor(stroke); c.painter.setLine(width: strokeWidth); cairo_stroke(cr) } else { cairo_new_path(cr) }
        if let label, !label.isEmpty {
            let ink: Color = (fill.map { $0.luminance < 0.5 && $0.alpha > 0.5 } ?? false) ? .white : .text
            c.painter.drawText(label, at: p, size: labelSize, .center, .center, color: ink)
        }
    }
    func footprint(_ t: AxisTransform) -> [(Double, Double)] { [t.point(center.0, center.1)] }
    var csv: [CSVPart] {
        [.records(name: "nodes", rows: [["x": csvNumber(center.0), "y": csvNumber(center.1), "label": RichText.plainText(label ?? "")]])]
    }
}

/// A straight line or an arrow between two data points. `shrinkStart`/`shrinkEnd`
/// (points) stop short of the ends, e.g. at the rim of a node.
final class SegmentArtist: Artist {
    let from: (Double, Double), to: (Double, Double)
    let color: Color
    let width: Double
    let style: LineStyle
    let headLength: Double // 0 = no arrow head
    let shrinkStart: Double, shrinkEnd: Double

    init(from: (Double, Double), to: (Double, Double), color: Color, width: Double, style: LineStyle, headLength: Double,
         shrinkStart: Double, shrinkEnd: Double) {
        self.from = from; self.to = to; self.color = color; self.width = width; self.style = style
        self.headLength = headLength; self.shrinkStart = shrinkStart; self.shrinkEnd = shrinkEnd
    }
    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        b.include(x: from.0, y: from.1, xScale: xs, yScale: ys)
        b.include(x: to.0, y: to.1, xScale: xs, yScale: ys)
        return b
    }
    var clipped: Bool { false }
    func draw(_ c: DrawContext) {
        let p = c.transform.point(from.0, from.1), q = c.transform.point(to.0, to.1)
        SegmentArtist.drawArrow(c.painter, from: p, to: q, color: color, width: width, style: style,
                                headLength: headLength, shrinkStart: shrinkStart, shrinkEnd: shrinkEnd)
    }

    /// Draws a line (with an arrow head at `to` when `headLength > 0`) in figure points.
    static func drawArrow(_ painter: Painter, from p: (Double, Double), to q: (Double, Double), color: Color, width: Double,
                          style: LineStyle, headLength: Double, shrinkStart: Double, shrinkEnd: Double) {
        let dx = q.0 - p.0, dy = q.1 - p.1
        let length = hypot(dx, dy)
        guard length.isFinite, length > shrinkStart + shrinkEnd + 0.5 else { return }
        let ux = dx / length, uy = dy / length
        let start = (p.0 + ux * shrinkStart, p.1 + uy * shrinkStart)
        let tip = (q.0 - ux * shrinkEnd, q.1 - uy * shrinkEnd)
        // The shaft stops inside the head so its square end never pokes out of the tip.
        let shaftEnd = headLength > 0 ? (tip.0 - ux * headLength * 0.7, tip.1 - uy * headLength * 0.7) : tip
        painter.setColor(color)
        painter.setLine(width: width, dash: style)
        painter.strokeLine(start.0, start.1, shaftEnd.0, shaftEnd.1)
        if headLength > 0 {
            painter.fillArrowHead(tipX: tip.0, tipY: tip.1, angle: atan2(uy, ux), length: headLength, color: color)
        }
    }
}

/// A rectangle in data coordinates with rounded corners (radius in points) and an optional centred label.
final class BoxArtist: Artist {
    let x: Double, y: Double, width: Double, height: Double
    let fill: Color?, stroke: Color?
    let strokeWidth: Double
    let cornerRadius: Double
    let label: String?
    let labelSize: Double
    let labelColor: Color?

    init(x: Double, y: Double, width: Double, height: Double, fill: Color?, stroke: Color?, strokeWidth: Double,
         cornerRadius: Double, label: String?, labelSize: Double, labelColor: Color?) {
        self.x = x; self.y = y; self.width = width; self.height = height; self.fill = fill; self.stroke = stroke
        self.strokeWidth = strokeWidth; self.cornerRadius = cornerRadius; self.label = label; self.labelSize = labelSize
        self.labelColor = labelColor
    }
    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        b.include(x: x, y: y, xScale: xs, yScale: ys)
        b.include(x: x + width, y: y + height, xScale: xs, yScale: ys)
        return b
    }
    var pointPadding: Double { strokeWidth + 1 }
    var clipped: Bool { false }
    func draw(_ c: DrawContext) {
        let a = c.transform.point(x, y), b = c.transform.point(x + width, y + height)
        let rect = Box(minX: min(a.0, b.0), minY: min(a.1, b.1), maxX: max(a.0, b.0), maxY: max(a.1, b.1))
        let cr = c.painter.cr
        c.painter.roundedRectPath(rect, radius: cornerRadius)
        if let fill { c.painter.setColor(fill); cairo_fill_preserve(cr) }
        if let stroke { c.painter.setColor(stroke); c.painter.setLine(width: strokeWidth); cairo_stroke(cr) } else { cairo_new_path(cr) }
        if let label, !label.isEmpty {
            let ink = labelColor ?? ((fill.map { $0.luminance < 0.5 && $0.alpha > 0.5 } ?? false) ? .white : .text)
            c.painter.drawText(label, at: (rect.midX, rect.midY), size: labelSize, .center, .center, color: ink)
        }
    }
    func footprint(_ t: AxisTransform) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        for i in 0...4 { for j in 0...4 { out.append(t.point(x + width * Double(i) / 4, y + height * Double(j) / 4)) } }
        return out
    }
    var csv: [CSVPart] {
        [.records(name: "boxes", rows: [["x": csvNumber(x + width / 2), "y": csvNumber(y + height / 2),
                                         "label": RichText.plainText(label ?? "")]])]
    }
}

/// Text at a data point, optionally with an arrow to another point (`annotate`).
final class TextArtist: Artist {
    let position: (Double, Double)
    let text: String
    let size: Double
    let color: Color
    let bold: Bool
    let align: HorizontalAlignment
    let verticalAlign: VerticalAlignment
    let rotation: Double
    let background: Color?
    let arrowTarget: (Double, Double)?
    let arrowColor: Color

    init(position: (Double, Double), text: String, size: Double, color: Color, bold: Bool, align: HorizontalAlignment,
         verticalAlign: VerticalAlignment, rotation: Double, background: Color?, arrowTarget: (Double, Double)?, arrowColor: Color) {
        self.position = position; self.text = text; self.size = size; self.color = color; self.bold = bold
        self.align = align; self.verticalAlign = verticalAlign; self.rotation = rotation; self.background = background
        self.arrowTarget = arrowTarget; self.arrowColor = arrowColor
    }
    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        b.include(x: position.0, y: position.1, xScale: xs, yScale: ys)
        if let arrowTarget { b.include(x: arrowTarget.0, y: arrowTarget.1, xScale: xs, yScale: ys) }
        return b
    }
    var clipped: Bool { false }

    func draw(_ c: DrawContext) {
        let p = c.transform.point(position.0, position.1)
        guard p.0.isFinite, p.1.isFinite else { return }
        let block = c.painter.measure(text, size: size, bold: bold)
        let angle = -rotation * .pi / 180
        let frame = block.bounds(at: p, align, verticalAlign, rotation: angle)
        if let target = arrowTarget {
            let q = c.transform.point(target.0, target.1)
            // Start the arrow where it leaves the text's (padded) box.
            let padded = frame.insetBy(-3)
            let start = TextArtist.exitPoint(from: (padded.midX, padded.midY), toward: q, box: padded)
            SegmentArtist.drawArrow(c.painter, from: start, to: q, color: arrowColor, width: 1.1, style: .solid,
                                    headLength: 7, shrinkStart: 0, shrinkEnd: 2)
        }
        if let background {
            c.painter.roundedRectPath(frame.insetBy(-3), radius: 3)
            c.painter.setColor(background)
            cairo_fill(c.painter.cr)
        }
        c.painter.draw(block, at: p, align, verticalAlign, rotation: angle, color: color)
    }

    /// Where the ray from the box centre toward `target` crosses the box edge.
    static func exitPoint(from c: (Double, Double), toward t: (Double, Double), box: Box) -> (Double, Double) {
        let dx = t.0 - c.0, dy = t.1 - c.1
        var s = 1.0
        if dx != 0 { s = min(s, abs(box.width / 2 / dx)) }
        if dy != 0 { s = min(s, abs(box.height / 2 / dy)) }
        return (c.0 + dx * s, c.1 + dy * s)
    }

    func footprint(_ t: AxisTransform) -> [(Double, Double)] { [t.point(position.0, position.1)] }
    var csv: [CSVPart] {
        [.records(name: "text", rows: [["x": csvNumber(position.0), "y": csvNumber(position.1), "label": RichText.plainText(text)]])]
    }
}

extension Axes {
    /// A circle; `radius` in data units (round only with `aspectEqual`). `label` is drawn in its centre.
    public func circle(center: (Double, Double), radius: Double, fill: Color? = Color.palette[0], stroke: Color? = nil,
                       lineWidth: Double = 1, label: (any DisplayText)? = nil, labelSize: Double = Theme.textSize) {
        add(CircleArtist(center: center, radius: radius, radiusInPoints: false, fill: fill, stroke: stroke,
                         strokeWidth: lineWidth, label: label?.displayText, labelSize: labelSize))
    }

    /// A circle whose radius is in points, so it stays round at any aspect (network nodes).
    public func circle(center: (Double, Double), radiusPoints: Double, fill: Color? = Color.palette[0], stroke: Color? = nil,
                       lineWidth: Double = 1, label: (any DisplayText)? = nil, labelSize: Double = Theme.textSize) {
        add(CircleArtist(center: center, radius: radiusPoints, radiusInPoints: true, fill: fill, stroke: stroke,
                         strokeWidth: lineWidth, label: label?.displayText, labelSize: labelSize))
    }

    /// A straight line between two data points; `shrinkStart`/`shrinkEnd` in points.
    public func line(from: (Double, Double), to: (Double, Double), color: Color = .gray, width: Double = 1,
                     dash: LineStyle = .solid, shrinkStart: Double = 0, shrinkEnd: Double = 0) {
        add(SegmentArtist(from: from, to: to, color: color, width: width, style: dash, headLength: 0,
                          shrinkStart: shrinkStart, shrinkEnd: shrinkEnd))
    }

    /// An arrow from one data point to another, head at `to`; sizes in points.
    public func arrow(from: (Double, Double), to: (Double, Double), color: Color = .text, width: Double = 1.2,
                      headLength: Double = 8, dash: LineStyle = .solid, shrinkStart: Double = 0, shrinkEnd: Double = 0) {
        add(SegmentArtist(from: from, to: to, color: color, width: width, style: dash, headLength: headLength,
                          shrinkStart: shrinkStart, shrinkEnd: shrinkEnd))
    }

    /// A rectangle with lower-left corner (x, y) in data units, rounded corners in points, and an optional label.
    public func box(x: Double, y: Double, width: Double, height: Double, fill: Color? = Color.palette[0].lighter(0.6),
                    stroke: Color? = Color.palette[0], lineWidth: Double = 1, cornerRadius: Double = 4,
                    label: (any DisplayText)? = nil, labelSize: Double = Theme.textSize, labelColor: Color? = nil) {
        add(BoxArtist(x: x, y: y, width: width, height: height, fill: fill, stroke: stroke, strokeWidth: lineWidth,
                      cornerRadius: cornerRadius, label: label?.displayText, labelSize: labelSize, labelColor: labelColor))
    }

    /// Text at a data point (markup allowed). `rotation` in degrees, counter-clockwise.
    public func text(_ x: Double, _ y: Double, _ string: any DisplayText, size: Double = Theme.textSize, color: Color = .text,
                     align: HorizontalAlignment = .center, verticalAlign: VerticalAlignment = .center,
                     bold: Bool = false, rotation: Double = 0, background: Color? = nil) {
        add(TextArtist(position: (x, y), text: string.displayText, size: size, color: color, bold: bold, align: align,
                       verticalAlign: verticalAlign, rotation: rotation, background: background, arrowTarget: nil, arrowColor: color))
    }

    /// Text at `xytext` with an arrow pointing at `xy` (both in data coordinates), like `ax.annotate`.
    public func annotate(_ string: any DisplayText, xy: (Double, Double), xytext: (Double, Double), arrow: Bool = true,
                         size: Double = Theme.textSize, color: Color = .text, arrowColor: Color = Color(hex: "#555555"),
                         background: Color? = Color.white.withAlpha(0.8)) {
        add(TextArtist(position: xytext, text: string.displayText, size: size, color: color, bold: false, align: .center,
                       verticalAlign: .center, rotation: 0, background: background, arrowTarget: arrow ? xy : nil,
                       arrowColor: arrowColor))
    }
}
