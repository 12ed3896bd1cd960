import CCairo
import Foundation

/// A scalar field z[row][col] on a rectilinear grid (x along columns, y along
/// rows), drawn as filled contour bands (`contourf`) and/or contour lines (`contour`).
final class FieldArtist: Artist {
    let x: [Double], y: [Double], z: [[Double]]
    let levels: [Double]
    let colormap: Colormap
    let filled: Bool
    let lineColor: Color?
    let lineWidth: Double
    let label: String?

    init(x: [Double], y: [Double], z: [[Double]], levels: [Double], colormap: Colormap, filled: Bool,
         lineColor: Color?, lineWidth: Double, label: String?) {
        // Keep both axes ascending so interpolation can binary-search.
        var x = x, y = y, z = z
        if x.count > 1 && x[0] > x[x.count - 1] { x.reverse(); z = z.map { $0.reversed() } }
        if y.count > 1 && y[0] > y[y.count - 1] { y.reverse(); z.reverse() }
        self.x = x; self.y = y; self.z = z
        self.levels = levels; self.colormap = colormap; self.filled = filled
        self.lineColor = lineColor; self.lineWidth = lineWidth; self.label = label
    }

    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        b.include(x: x.first!, y: y.first!, xScale: xs, yScale: ys)
        b.include(x: x.last!, y: y.last!, xScale: xs, yScale: ys)
        b.stickyX = [x.first!, x.last!]; b.stickyY = [y.first!, y.last!]
        return b
    }

    /// Colour of band `i` (between levels[i] and levels[i+1]); the map's ends go to the outer bands.
    func bandColor(_ i: Int) -> Color {
        let bands = levels.count - 1
        return colormap.color(at: bands > 1 ? Double(i) / Double(bands - 1) : 0.5)
    }

    /// Band index of a value: values below the first level join the first band,
    /// above the last level the last band.
    func band(of value: Double) -> Int {
        var lo = 0, hi = levels.count - 1 // levels[lo] <= value < levels[hi] after search
        if value < levels[1] { return 0 }
        if value >= levels[levels.count - 2] { return levels.count - 2 }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if levels[mid] <= value { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// Cell index and fraction of `v` along an ascending grid, or nil outside it.
    static func locate(_ v: Double, in grid: [Double]) -> (Int, Double)? {
        guard v.isFinite, grid.count > 1, v >= grid[0], v <= grid[grid.count - 1] else { return nil }
        var lo = 0, hi = grid.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if grid[mid] <= v { lo = mid } else { hi = mid }
        }
        let span = grid[lo + 1] - grid[lo]
        return (lo, span > 0 ? (v - grid[lo]) / span : 0)
    }

    func draw(_ c: DrawContext) {
        if filled && levels.count >= 2 { drawBands(c) }
        if !filled || lineColor != nil { drawLines(c) }
    }

    /// Rasterises the bilinear field at device resolution, 2×2 samples per pixel
    /// so band edges are anti-aliased, and paints it clipped to the plot box.
    private func drawBands(_ c: DrawContext) {
        let t = c.transform, s = c.deviceScale
        let px0 = Int(floor(t.box.minX * s)), px1 = Int(ceil(t.box.maxX * s))
        let py0 = Int(floor(t.box.minY * s)), py1 = Int(ceil(t.box.maxY * s))
        let w = px1 - px0, h = py1 - py0
        guard w > 0, h > 0 else { return }
        let offsets = [0.25, 0.75]
        // Grid cell and fraction for every sample column and row (computed once).
        let columns = (0..<(2 * w)).map { k in FieldArtist.locate(t.dataX((Double(px0 + k / 2) + offsets[k % 2]) / s), in: x) }
        let rows = (0..<(2 * h)).map { k in FieldArtist.locate(t.dataY((Double(py0 + k / 2) + offsets[k % 2]) / s), in: y) }
        let palette: [(Double, Double, Double, Double)] = (0..<(levels.count - 1)).map {
            let col = bandColor($0); return (col.red * col.alpha, col.green * col.alpha, col.blue * col.alpha, col.alpha)
        }

        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h))!
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        for py in 0..<h {
            let row = data.advanced(by: py * stride).withMemoryRebound(to: UInt32.self, capacity: w) { $0 }
            for px in 0..<w {
                var r = 0.0, g = 0.0, b = 0.0, a = 0.0
                for sy in 0..<2 {
                    guard let (j, fy) = rows[2 * py + sy] else { continue }
                    let j1 = min(j + 1, y.count - 1)
                    for sx in 0..<2 {
                        guard let (i, fx) = columns[2 * px + sx] else { continue }
                        let i1 = min(i + 1, x.count - 1)
                        let top = z[j][i] + (z[j][i1] - z[j][i]) * fx
                        let bottom = z[j1][i] + (z[j1][i1] - z[j1][i]) * fx
                        let v = top + (bottom - top) * fy
                        guard v.isFinite else { continue }
                        let p = palette[band(of: v)]
                        r += p.0; g += p.1; b += p.2; a += p.3
                    }
                }
                let byte = { (v: Double) -> UInt32 in UInt32(max(0, min(255, (v / 4 * 255).rounded()))) }
                row[px] = byte(a) << 24 | byte(r) << 16 | byte(g) << 8 | byte(b)
            }
        }
        cairo_surface_mark_dirty(surface)
        let cr = c.painter.cr
        cairo_save(cr)
        cairo_scale(cr, 1 / s, 1 / s)
        cairo_set_source_surface(cr, surface, Double(px0), Double(py0))
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    private func drawLines(_ c: DrawContext) {
        let cr = c.painter.cr
        let inner = filled ? Array(levels.dropFirst().dropLast()) : levels
        for (k, level) in inner.enumerated() {
            let segments = MarchingSquares.segments(x: x, y: y, z: z, level: level)
            guard !segments.isEmpty else { continue }
            let color = lineColor ?? colormap.color(at: inner.count > 1 ? Double(k) / Double(inner.count - 1) : 0.5)
            c.painter.setColor(color)
            c.painter.setLine(width: lineWidth)
            for (a, b) in segments {
                let p = c.transform.point(a.0, a.1), q = c.transform.point(b.0, b.1)
                cairo_move_to(cr, p.0, p.1)
                cairo_line_to(cr, q.0, q.1)
            }
            cairo_stroke(cr)
        }
    }

    var legendEntry: LegendEntry? {
        label.map { LegendEntry(label: $0, color: lineColor ?? colormap.color(at: 0.5), swatch: filled ? .patch(alpha: 1) : .line(.solid, width: lineWidth, marker: .none)) }
    }

    func footprint(_ t: AxisTransform) -> [(Double, Double)] { [] }

    var csv: [CSVPart] {
        var rows: [[String: String]] = []
        rows.reserveCapacity(x.count * y.count)
        for (j, yv) in y.enumerated() {
            for (i, xv) in x.enumerated() { rows.append(["x": csvNumber(xv), "y": csvNumber(yv), "z": csvNumber(z[j][i])]) }
        }
        return [.records(name: label ?? (filled ? "contourf" : "contour"), rows: rows)]
    }
}

/// Contour lines of a gridded field by marching squares, with linear
/// interpolation along cell edges and saddles resolved by the cell-centre mean.
public enum MarchingSquares {
    public typealias Segment = ((Double, Double), (Double, Double))

    /// Segments (in data coordinates) of the level set z = level.
    /// `z[j][i]` is the value at (x[i], y[j]).
    public static func segments(x: [Double], y: [Double], z: [[Double]], level: Double) -> [Segment] {
        var out: [Segment] = []
        guard x.count > 1, y.count > 1 else { return out }
        for j in 0..<(y.count - 1) {
            for i in 0..<(x.count - 1) {
                // Corners counter-clockwise from bottom-left: (i,j) (i+1,j) (i+1,j+1) (i,j+1).
                let v = [z[j][i], z[j][i + 1], z[j + 1][i + 1], z[j + 1][i]]
                guard v.allSatisfy({ $0.isFinite }) else { continue }
                let px = [x[i], x[i + 1], x[i + 1], x[i]]
                let py = [y[j], y[j], y[j + 1], y[j + 1]]
                var index = 0
                for k in 0..<4 where v[k] > level { index |= 1 << k }
                if index == 0 || index == 15 { continue }
                func edge(_ e: Int) -> (Double, Double) {
                    let a = e, b = (e + 1) % 4
                    let t = (level - v[a]) / (v[b] - v[a])
                    return (px[a] + (px[b] - px[a]) * t, py[a] + (py[b] - py[a]) * t)
                }
                // Edges: 0 bottom (c0-c1), 1 right (c1-c2), 2 top (c2-c3), 3 left (c3-c0).
                var crossings: [Int] = []
                for e in 0..<4 where (index >> e & 1) != (index >> ((e + 1) % 4) & 1) { crossings.append(e) }
                if crossings.count == 2 {
                    out.append((edge(crossings[0]), edge(crossings[1])))
                } else {
                    // Saddle: corners 0 and 2 on one side, 1 and 3 on the other.
                    let centreAbove = v.reduce(0, +) / 4 > level
                    let zeroAbove = index & 1 != 0
                    if centreAbove == zeroAbove {
                        // Corner 0's region connects through the centre: cut off corners 1 and 3.
                        out.append((edge(0), edge(1))); out.append((edge(2), edge(3)))
                    } else {
                        out.append((edge(3), edge(0))); out.append((edge(1), edge(2)))
                    }
                }
            }
        }
        return out
    }
}
