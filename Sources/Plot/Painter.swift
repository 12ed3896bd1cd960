import Foundation
import CCairo

/// Horizontal anchor of a text block.
public enum HorizontalAlignment: Sendable { case left, center, right }
/// Vertical anchor of a text block: top of the first line, middle of the block,
/// baseline of the first line, or bottom of the last line.
public enum VerticalAlignment: Sendable { case top, center, baseline, bottom }

/// A laid-out piece of rich text: glyph runs with offsets from the first
/// baseline's left end, and the block's extents (all in points).
struct TextBlock {
    struct Run { var text: String; var x: Double; var y: Double; var size: Double }
    var runs: [Run] = []
    var width: Double = 0
    /// Distance from the first baseline up to the block's top (positive).
    var ascent: Double = 0
    /// Distance from the first baseline down to the block's bottom (positive).
    var descent: Double = 0
    var bold = false
    var height: Double { ascent + descent }
    var isEmpty: Bool { runs.isEmpty }

    /// Offset from the anchor point to the first baseline's left end.
    func origin(_ h: HorizontalAlignment, _ v: VerticalAlignment) -> (x: Double, y: Double) {
        let x: Double = h == .left ? 0 : h == .center ? -width / 2 : -width
        let y: Double
        switch v {
        case .top: y = ascent
        case .center: y = (ascent - descent) / 2
        case .baseline: y = 0
        case .bottom: y = -descent
        }
        return (x, y)
    }

    /// The block's bounding box around `point` after rotation (radians, cairo's
    /// direction: positive turns clockwise on screen).
    func bounds(at point: (x: Double, y: Double), _ h: HorizontalAlignment, _ v: VerticalAlignment,
                rotation: Double = 0) -> Box {
        let o = origin(h, v)
        let corners = [(o.x, o.y - ascent), (o.x + width, o.y - ascent), (o.x, o.y + descent), (o.x + width, o.y + descent)]
        let c = cos(rotation), s = sin(rotation)
        let xs = corners.map { point.x + $0.0 * c - $0.1 * s }
        let ys = corners.map { point.y + $0.0 * s + $0.1 * c }
        return Box(minX: xs.min()!, minY: ys.min()!, maxX: xs.max()!, maxY: ys.max()!)
    }
}

/// An axis-aligned box in figure points (y grows downwards, as in cairo).
struct Box: Equatable {
    var minX: Double, minY: Double, maxX: Double, maxY: Double
    var width: Double { maxX - minX }
    var height: Double { maxY - minY }
    var midX: Double { (minX + maxX) / 2 }
    var midY: Double { (minY + maxY) / 2 }
    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }
    init(x: Double, y: Double, width: Double, height: Double) {
        self.init(minX: x, minY: y, maxX: x + width, maxY: y + height)
    }
    func contains(_ x: Double, _ y: Double) -> Bool { x >= minX && x <= maxX && y >= minY && y <= maxY }
    func insetBy(_ d: Double) -> Box { Box(minX: minX + d, minY: minY + d, maxX: maxX - d, maxY: maxY - d) }
    func union(_ other: Box) -> Box {
        Box(minX: min(minX, other.minX), minY: min(minY, other.minY), maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }
    func intersects(_ o: Box) -> Bool { minX < o.maxX && o.minX < maxX && minY < o.maxY && o.minY < maxY }
}

/// Thin wrapper over a cairo context: colours, strokes and rich text in points.
final class Painter {
    static let fontFamily = "DejaVu Sans"
    /// Script size relative to its base, and baseline shifts as fractions of the base size.
    static let scriptScale = 0.7
    static let superscriptRise = 0.42
    static let subscriptDrop = 0.2
    static let lineSpacing = 1.25

    let cr: OpaquePointer
    private var measureCache: [String: TextBlock] = [:]

    init(context: OpaquePointer) {
        cr = context
        let options = cairo_font_options_create()
        // No hinting: text metrics are the same at every scale, so layout is
        // identical for any output resolution and bytes are reproducible.
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
    }

    // MARK: Colour and strokes

    func setColor(_ color: Color) {
        cairo_set_source_rgba(cr, color.red, color.green, color.blue, color.alpha)
    }

    func setLine(width: Double, dash: LineStyle = .solid) {
        cairo_set_line_width(cr, width)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        switch dash {
        case .solid:
            cairo_set_dash(cr, nil, 0, 0)
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        case .dashed:
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
            let pattern = [3.7 * width, 1.6 * width].map { max($0, 3) }
            cairo_set_dash(cr, pattern, 2, 0)
        case .dotted:
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
            let pattern = [0, max(2.2 * width, 2.5)]
            cairo_set_dash(cr, pattern, 2, 0)
        case .dashDot:
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
            let pattern = [5 * width, 1.8 * width, 0, 1.8 * width].map { $0 == 0 ? 0 : max($0, 2.5) }
            cairo_set_dash(cr, pattern, 4, 0)
        }
    }

    func save() { cairo_save(cr) }
    func restore() { cairo_restore(cr) }

    func clip(to box: Box) {
        cairo_rectangle(cr, box.minX, box.minY, box.width, box.height)
        cairo_clip(cr)
    }

    func fillRect(_ box: Box, _ color: Color) {
        setColor(color)
        cairo_rectangle(cr, box.minX, box.minY, box.width, box.height)
        cairo_fill(cr)
    }

    func roundedRectPath(_ box: Box, radius: Double) {
        let r = max(0, min(radius, box.width / 2, box.height / 2))
        if r == 0 { cairo_rectangle(cr, box.minX, box.minY, box.width, box.height); return }
        cairo_new_sub_path(cr)
        cairo_arc(cr, box.maxX - r, box.minY + r, r, -Double.pi / 2, 0)
        cairo_arc(cr, box.maxX - r, box.maxY - r, r, 0, Double.pi / 2)
        cairo_arc(cr, box.minX + r, box.maxY - r, r, Double.pi / 2, Double.pi)
        cairo_arc(cr, box.minX + r, box.minY + r, r, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(cr)
    }

    func strokeLine(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        cairo_move_to(cr, x0, y0)
        cairo_line_to(cr, x1, y1)
        cairo_stroke(cr)
    }

    /// Strokes a polyline; non-finite points break it into pieces.
    func strokePolyline(_ points: [(Double, Double)]) {
        var penDown = false
        for (x, y) in points {
            if x.isFinite && y.isFinite {
                if penDown { cairo_line_to(cr, x, y) } else { cairo_move_to(cr, x, y); penDown = true }
            } else {
                penDown = false
            }
        }
        cairo_stroke(cr)
    }

    /// Draws one marker centred at (x, y); `size` is the marker's diameter in points.
    func drawMarker(_ marker: Marker, x: Double, y: Double, size: Double, fill: Color, edge: Color?) {
        let r = size / 2
        switch marker {
        case .none: return
        case .circle: cairo_new_sub_path(cr); cairo_arc(cr, x, y, r, 0, 2 * Double.pi)
        case .square: cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r)
        case .triangle:
            cairo_move_to(cr, x, y - 1.15 * r)
            cairo_line_to(cr, x + r, y + 0.65 * r)
            cairo_line_to(cr, x - r, y + 0.65 * r)
            cairo_close_path(cr)
        case .diamond:
            cairo_move_to(cr, x, y - 1.2 * r); cairo_line_to(cr, x + r, y)
            cairo_line_to(cr, x, y + 1.2 * r); cairo_line_to(cr, x - r, y); cairo_close_path(cr)
        case .cross:
            let d = r * 0.85
            setLine(width: max(1, size / 5))
            setColor(fill)
            strokeLine(x - d, y - d, x + d, y + d)
            strokeLine(x - d, y + d, x + d, y - d)
            return
        }
        setColor(fill)
        if let edge {
            cairo_fill_preserve(cr)
            setColor(edge)
            cairo_set_dash(cr, nil, 0, 0)
            cairo_set_line_width(cr, max(0.5, size / 8))
            cairo_stroke(cr)
        } else {
            cairo_fill(cr)
        }
    }

    /// An arrow head: a filled triangle with its tip at (x, y), pointing along `angle`.
    func fillArrowHead(tipX x: Double, tipY y: Double, angle: Double, length: Double, color: Color) {
        let width = length * 0.45
        let bx = x - length * cos(angle), by = y - length * sin(angle)
        let nx = -sin(angle) * width, ny = cos(angle) * width
        setColor(color)
        cairo_move_to(cr, x, y)
        cairo_line_to(cr, bx + nx, by + ny)
        cairo_line_to(cr, bx + length * 0.2 * cos(angle), by + length * 0.2 * sin(angle))
        cairo_line_to(cr, bx - nx, by - ny)
        cairo_close_path(cr)
        cairo_fill(cr)
    }

    // MARK: Rich text

    private func selectFont(size: Double, bold: Bool) {
        cairo_select_font_face(cr, Painter.fontFamily, CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    private func advance(_ text: String, size: Double, bold: Bool) -> Double {
        selectFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    private func fontExtents(size: Double, bold: Bool) -> (ascent: Double, descent: Double) {
        selectFont(size: size, bold: bold)
        var extents = cairo_font_extents_t()
        cairo_font_extents(cr, &extents)
        // DejaVu's ascent leaves room for accents over capitals; trim it so
        // vertical spacing looks even for ordinary text.
        return (extents.ascent * 0.86, extents.descent)
    }

    /// Lays out markup (see `RichText`) at a font size; cached per string.
    func measure(_ string: String, size: Double, bold: Bool = false) -> TextBlock {
        let key = "\(size)|\(bold)|\(string)"
        if let cached = measureCache[key] { return cached }
        var block = TextBlock()
        block.bold = bold
        let lines = string.split(separator: "\n", omittingEmptySubsequences: false)
        let lineHeight = size * Painter.lineSpacing
        var lineWidths: [(start: Int, width: Double)] = []
        var lastDescent = 0.0
        for (number, line) in lines.enumerated() {
            let baseline = Double(number) * lineHeight
            let start = block.runs.count
            var ascent = 0.0, descent = 0.0
            let width = layout(RichText.parse(String(line)), size: size, bold: bold, x: 0, y: baseline,
                               runs: &block.runs, ascent: &ascent, descent: &descent)
            let font = fontExtents(size: size, bold: bold)
            ascent = max(ascent, font.ascent); descent = max(descent, font.descent)
            if number == 0 { block.ascent = ascent }
            lastDescent = descent
            lineWidths.append((start, width))
            block.width = max(block.width, width)
        }
        block.descent = Double(lines.count - 1) * lineHeight + lastDescent
        // Centre each line of a multi-line block; single lines are unaffected.
        if lines.count > 1 {
            for (i, line) in lineWidths.enumerated() {
                let end = i + 1 < lineWidths.count ? lineWidths[i + 1].start : block.runs.count
                let shift = (block.width - line.width) / 2
                for r in line.start..<end { block.runs[r].x += shift }
            }
        }
        measureCache[key] = block
        return block
    }

    /// Appends runs for `nodes` starting at (x, y) (y is the baseline, down is
    /// positive); returns the advance width and grows ascent/descent.
    private func layout(_ nodes: [RichText.Node], size: Double, bold: Bool, x: Double, y: Double,
                        runs: inout [TextBlock.Run], ascent: inout Double, descent: inout Double) -> Double {
        var cursor = x
        for node in nodes {
            switch node {
            case .text(let text):
                runs.append(.init(text: text, x: cursor, y: y, size: size))
                cursor += advance(text, size: size, bold: bold)
                let font = fontExtents(size: size, bold: bold)
                ascent = max(ascent, font.ascent - y)
                descent = max(descent, font.descent + y)
            case .scripts(let sup, let sub):
                let scriptSize = size * Painter.scriptScale
                let both = sup != nil && sub != nil
                var width = 0.0
                if let sup {
                    let rise = size * (both ? Painter.superscriptRise + 0.04 : Painter.superscriptRise)
                    width = max(width, layout(Painter.mathMinus(sup), size: scriptSize, bold: bold, x: cursor, y: y - rise,
                                              runs: &runs, ascent: &ascent, descent: &descent) - cursor)
                }
                if let sub {
                    let drop = size * (both ? Painter.subscriptDrop + 0.06 : Painter.subscriptDrop)
                    width = max(width, layout(Painter.mathMinus(sub), size: scriptSize, bold: bold, x: cursor, y: y + drop,
                                              runs: &runs, ascent: &ascent, descent: &descent) - cursor)
                }
                cursor += width + size * 0.04
            }
        }
        return cursor
    }

    /// In scripts a hyphen is a minus sign (`10^{-3}`): the typographic minus is wider and centred.
    static func mathMinus(_ nodes: [RichText.Node]) -> [RichText.Node] {
        nodes.map { node in
            if case .text(let s) = node { return .text(s.replacingOccurrences(of: "-", with: "\u{2212}")) }
            return node
        }
    }

    /// Draws a laid-out block anchored at `point`, rotated by `rotation` radians.
    func draw(_ block: TextBlock, at point: (x: Double, y: Double), _ h: HorizontalAlignment = .left,
              _ v: VerticalAlignment = .baseline, rotation: Double = 0, color: Color = .text) {
        guard !block.isEmpty else { return }
        let o = origin(block, h, v)
        cairo_save(cr)
        cairo_translate(cr, point.x, point.y)
        if rotation != 0 { cairo_rotate(cr, rotation) }
        setColor(color)
        for run in block.runs {
            selectFont(size: run.size, bold: block.bold)
            cairo_move_to(cr, o.x + run.x, o.y + run.y)
            cairo_show_text(cr, run.text)
        }
        cairo_restore(cr)
    }

    private func origin(_ block: TextBlock, _ h: HorizontalAlignment, _ v: VerticalAlignment) -> (x: Double, y: Double) {
        block.origin(h, v)
    }

    /// Measures and draws in one step; returns the block for callers that need its size.
    @discardableResult
    func drawText(_ string: String, at point: (x: Double, y: Double), size: Double, bold: Bool = false,
                  _ h: HorizontalAlignment = .left, _ v: VerticalAlignment = .baseline,
                  rotation: Double = 0, color: Color = .text) -> TextBlock {
        let block = measure(string, size: size, bold: bold)
        draw(block, at: point, h, v, rotation: rotation, color: color)
        return block
    }
}
