import Foundation

/// Line dash patterns.
public enum LineStyle: Sendable { case solid, dashed, dotted, dashDot }

/// Marker shapes for `plot` and `scatter`.
public enum Marker: Sendable { case none, circle, square, triangle, diamond, cross }

/// Maps data coordinates of one axes to figure points.
struct AxisTransform {
    var xlim: (Double, Double)
    var ylim: (Double, Double)
    var xScale: AxisScale
    var yScale: AxisScale
    var box: Box

    func x(_ v: Double) -> Double {
        let a = xScale.forward(xlim.0), b = xScale.forward(xlim.1)
        return box.minX + (xScale.forward(v) - a) / (b - a) * box.width
    }
    func y(_ v: Double) -> Double {
        let a = yScale.forward(ylim.0), b = yScale.forward(ylim.1)
        return box.maxY - (yScale.forward(v) - a) / (b - a) * box.height
    }
    func point(_ x: Double, _ y: Double) -> (Double, Double) { (self.x(x), self.y(y)) }
    func dataX(_ px: Double) -> Double {
        let a = xScale.forward(xlim.0), b = xScale.forward(xlim.1)
        return xScale.inverse(a + (px - box.minX) / box.width * (b - a))
    }
    func dataY(_ py: Double) -> Double {
        let a = yScale.forward(ylim.0), b = yScale.forward(ylim.1)
        return yScale.inverse(a + (box.maxY - py) / box.height * (b - a))
    }
    /// Points per data unit along x (linear axes), for sizes given in data units.
    var xPointsPerUnit: Double { abs(x(xlim.0 + 1) - x(xlim.0)) }
    var yPointsPerUnit: Double { abs(y(ylim.0 + 1) - y(ylim.0)) }
}

/// Data extent of an artist. Sticky values stop the automatic margin from
/// growing past them (bars start exactly at 0, images fill the axes).
struct DataBounds {
    var minX = Double.infinity, maxX = -Double.infinity
    var minY = Double.infinity, maxY = -Double.infinity
    var stickyX: [Double] = []
    var stickyY: [Double] = []

    mutating func include(x: Double, y: Double, xScale: AxisScale, yScale: AxisScale) {
        if x.isFinite && !(xScale == .log && x <= 0) { minX = Swift.min(minX, x); maxX = Swift.max(maxX, x) }
        if y.isFinite && !(yScale == .log && y <= 0) { minY = Swift.min(minY, y); maxY = Swift.max(maxY, y) }
    }
    var hasX: Bool { minX <= maxX }
    var hasY: Bool { minY <= maxY }
}

/// What the drawing code needs: the painter, the data transform, the figure's
/// output scale (for rasters at device resolution).
struct DrawContext {
    var painter: Painter
    var transform: AxisTransform
    var deviceScale: Double
}

/// One legend row.
struct LegendEntry {
    enum Swatch { case line(LineStyle, width: Double, marker: Marker), marker(Marker), patch(alpha: Double) }
    var label: String
    var color: Color
    var swatch: Swatch
}

/// What an artist contributes to the figure's CSV.
enum CSVPart {
    /// A y series against x (numbers or category names); merges into a wide table.
    case series(name: String, x: [String], y: [Double])
    /// Free-form rows with some of the columns x, y, z, label.
    case records(name: String, rows: [[String: String]])
}

/// Everything drawn inside an axes.
protocol Artist: AnyObject {
    func bounds(_ xScale: AxisScale, _ yScale: AxisScale) -> DataBounds
    /// Room in points the artist needs beyond its data bounds (marker radius, circle radius).
    var pointPadding: Double { get }
    /// Whether the artist is clipped to the plot area.
    var clipped: Bool { get }
    func draw(_ context: DrawContext)
    var legendEntry: LegendEntry? { get }
    /// Points (in figure points) the artist covers, for choosing the legend's place.
    func footprint(_ transform: AxisTransform) -> [(Double, Double)]
    var csv: [CSVPart] { get }
}

extension Artist {
    var pointPadding: Double { 0 }
    var clipped: Bool { true }
    var legendEntry: LegendEntry? { nil }
    func footprint(_ transform: AxisTransform) -> [(Double, Double)] { [] }
    var csv: [CSVPart] { [] }
}

/// Formats numbers for CSV: shortest round-trip form; NaN and infinities as empty cells.
func csvNumber(_ v: Double) -> String {
    guard v.isFinite else { return "" }
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}

/// Densifies a polyline in figure points so that long segments count along their length.
func densify(_ points: [(Double, Double)], spacing: Double = 4) -> [(Double, Double)] {
    var out: [(Double, Double)] = []
    for i in points.indices {
        let p = points[i]
        guard p.0.isFinite, p.1.isFinite else { continue }
        out.append(p)
        if i + 1 < points.count {
            let q = points[i + 1]
            guard q.0.isFinite, q.1.isFinite else { continue }
            let length = hypot(q.0 - p.0, q.1 - p.1)
            let steps = Int(length / spacing)
            if steps > 1 {
                for s in 1..<steps {
                    let t = Double(s) / Double(steps)
                    out.append((p.0 + (q.0 - p.0) * t, p.1 + (q.1 - p.1) * t))
                }
            }
        }
    }
    return out
}
