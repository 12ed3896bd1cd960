import CCairo
import Foundation

/// How `imshow` resamples pixels.
public enum ImageInterpolation: Sendable { case nearest, bilinear }

/// `imshow`: a height × width array of values through a colour map, pixel
/// (row, col) centred at data (col, row) with row 0 at the top.
final class ImageArtist: Artist {
    let pixels: [Double]
    let height: Int, width: Int
    let colormap: Colormap
    let vmin: Double, vmax: Double
    let interpolation: ImageInterpolation
    let cellFormat: String?
    let cellTextSize: Double?

    init(pixels: [Double], height: Int, width: Int, colormap: Colormap, vmin: Double, vmax: Double,
         interpolation: ImageInterpolation, cellFormat: String?, cellTextSize: Double?) {
        self.pixels = pixels; self.height = height; self.width = width; self.colormap = colormap
        self.vmin = vmin; self.vmax = vmax; self.interpolation = interpolation
        self.cellFormat = cellFormat; self.cellTextSize = cellTextSize
    }

    func bounds(_ xs: AxisScale, _ ys: AxisScale) -> DataBounds {
        var b = DataBounds()
        b.minX = -0.5; b.maxX = Double(width) - 0.5; b.minY = -0.5; b.maxY = Double(height) - 0.5
        b.stickyX = [b.minX, b.maxX]; b.stickyY = [b.minY, b.maxY]
        return b
    }

    func color(of value: Double) -> Color {
        colormap.color(at: vmax > vmin ? (value - vmin) / (vmax - vmin) : 0.5)
    }

    func draw(_ c: DrawContext) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        // A lookup table keeps colour-map interpolation out of the pixel loop.
        let table: [UInt32] = (0..<256).map { k in
            let col = colormap.color(at: Double(k) / 255)
            let byte = { (v: Double) -> UInt32 in UInt32(max(0, min(255, (v * 255).rounded()))) }
            return 0xFF00_0000 | byte(col.red) << 16 | byte(col.green) << 8 | byte(col.blue)
        }
        let span = vmax > vmin ? vmax - vmin : 1
        for row in 0..<height {
            let line = data.advanced(by: row * stride).withMemoryRebound(to: UInt32.self, capacity: width) { $0 }
            for col in 0..<width {
                let v = pixels[row * width + col]
                if v.isNaN { line[col] = 0; continue }
                let t = max(0, min(1, (v - vmin) / span))
                line[col] = table[Int((t * 255).rounded())]
            }
        }
        cairo_surface_mark_dirty(surface)

        let t = c.transform
        let x0 = t.x(-0.5), x1 = t.x(Double(width) - 0.5)
        let y0 = t.y(-0.5), y1 = t.y(Double(height) - 0.5)
        let cr = c.painter.cr
        cairo_save(cr)
        cairo_translate(cr, x0, y0)
        cairo_scale(cr, (x1 - x0) / Double(width), (y1 - y0) / Double(height))
        cairo_set_source_surface(cr, surface, 0, 0)
        let pattern = cairo_get_source(cr)
        cairo_pattern_set_filter(pattern, interpolation == .nearest ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR)
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
        cairo_rectangle(cr, 0, 0, Double(width), Double(height))
        cairo_fill(cr)
        cairo_restore(cr)

        if let cellFormat {
            let cell = min(abs(x1 - x0) / Double(width), abs(y1 - y0) / Double(height))
            let size = cellTextSize ?? max(6, min(Theme.textSize, cell * 0.42))
            for row in 0..<height {
                for col in 0..<width {
                    let v = pixels[row * width + col]
                    guard v.isFinite else { continue }
                    let ink: Color = color(of: v).luminance < 0.5 ? .white : .text
                    c.painter.drawText(Ticks.minusSign(String(format: cellFormat, v)),
                                       at: t.point(Double(col), Double(row)), size: size, .center, .center, color: ink)
                }
            }
        }
    }

    var csv: [CSVPart] {
        var rows: [[String: String]] = []
        rows.reserveCapacity(pixels.count)
        for row in 0..<height {
            for col in 0..<width {
                rows.append(["x": String(col), "y": String(row), "z": csvNumber(pixels[row * width + col])])
            }
        }
        return [.records(name: "image", rows: rows)]
    }
}

/// A colour bar to the right of the axes.
struct ColorbarSpec {
    var colormap: Colormap
    var vmin: Double
    var vmax: Double
    /// Discrete bands (contourf) or nil for a continuous ramp.
    var levels: [Double]?
    var label: String?

    func ticks(length: Double) -> [Double] {
        if let levels {
            // Label every k-th level so labels never crowd.
            let fit = max(2, Int(length / 22))
            let every = Int((Double(levels.count) / Double(fit)).rounded(.up))
            return levels.enumerated().filter { $0.offset % max(1, every) == 0 }.map(\.element)
        }
        return Ticks.linear(vmin, vmax, target: max(2, min(8, Int(length / 45))))
    }
}

extension Axes {
    static let colorbarGap = 12.0
    static let colorbarWidth = 12.0

    func colorbarLabels(_ spec: ColorbarSpec, length: Double) -> [String] {
        let ticks = spec.ticks(length: length)
        if spec.levels != nil {
            // Level values may not share one step: label each compactly.
            return ticks.map { Ticks.compactLabel(Ticks.clean($0, step: max(1e-12, abs(spec.vmax - spec.vmin) / 1000))) }
        }
        return Ticks.labels(ticks)
    }

    func colorbarWidth(_ spec: ColorbarSpec, painter: Painter) -> Double {
        let length = resolved?.transform.box.height ?? 200
        let widest = colorbarLabels(spec, length: length).map { painter.measure($0, size: Theme.tickSize).width }.max() ?? 0
        var total = Axes.colorbarGap + Axes.colorbarWidth + Theme.tickPad + widest
        if let label = spec.label, !label.isEmpty { total += Theme.labelPad + painter.measure(label, size: Theme.labelSize).height }
        return total
    }

    func drawColorbar(_ spec: ColorbarSpec, painter: Painter, plotBox: Box, deviceScale: Double) {
        let bar = Box(x: plotBox.maxX + Axes.colorbarGap, y: plotBox.minY, width: Axes.colorbarWidth, height: plotBox.height)
        let cr = painter.cr
        let position = { (v: Double) -> Double in
            bar.maxY - (v - spec.vmin) / (spec.vmax - spec.vmin) * bar.height
        }
        if let levels = spec.levels, levels.count >= 2 {
            let bands = levels.count - 1
            for i in 0..<bands {
                let top = position(levels[i + 1]), bottom = position(levels[i])
                painter.fillRect(Box(minX: bar.minX, minY: top, maxX: bar.maxX, maxY: bottom),
                                 spec.colormap.color(at: bands > 1 ? Double(i) / Double(bands - 1) : 0.5))
            }
        } else {
            // A vertical gradient through the colour map's anchors.
            let gradient = cairo_pattern_create_linear(0, bar.maxY, 0, bar.minY)!
            let steps = 64
            for k in 0...steps {
                let t = Double(k) / Double(steps)
                let col = spec.colormap.color(at: t)
                cairo_pattern_add_color_stop_rgb(gradient, t, col.red, col.green, col.blue)
            }
            cairo_rectangle(cr, bar.minX, bar.minY, bar.width, bar.height)
            cairo_set_source(cr, gradient)
            cairo_fill(cr)
            cairo_pattern_destroy(gradient)
        }
        painter.setColor(Theme.spineColor)
        painter.setLine(width: 0.8)
        cairo_rectangle(cr, bar.minX, bar.minY, bar.width, bar.height)
        cairo_stroke(cr)
        let ticks = spec.ticks(length: bar.height)
        let labels = colorbarLabels(spec, length: bar.height)
        var widest = 0.0
        for (v, label) in zip(ticks, labels) {
            let y = position(v)
            guard y >= bar.minY - 0.5 && y <= bar.maxY + 0.5 else { continue }
            painter.setColor(Theme.spineColor)
            painter.strokeLine(bar.maxX - 3, y, bar.maxX, y)
            let block = painter.drawText(label, at: (bar.maxX + Theme.tickPad, y), size: Theme.tickSize, .left, .center,
                                         color: Theme.tickLabelColor)
            widest = max(widest, block.width)
        }
        if let label = spec.label, !label.isEmpty {
            painter.drawText(label, at: (bar.maxX + Theme.tickPad + widest + Theme.labelPad, bar.midY), size: Theme.labelSize,
                             .center, .top, rotation: -.pi / 2)
        }
    }
}
