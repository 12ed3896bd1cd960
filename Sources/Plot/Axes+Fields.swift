import Foundation
import Usage

/// Contour levels: a count of nice levels spanning the data, or explicit values.
public enum ContourLevels: ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, Sendable {
    case count(Int)
    case values([Double])
    public init(integerLiteral value: Int) { self = .count(value) }
    public init(arrayLiteral elements: Double...) { self = .values(elements) }

    /// The level values for data in `lo...hi`: 1-2-5 steps that cover the whole range.
    public func resolve(_ lo: Double, _ hi: Double) -> [Double] {
        switch self {
        case .values(let v):
            checkUsage(v.count >= 2, "contour", "levels \(v) give no band between two levels",
                       valid: "at least two level values, or a count such as levels: 10",
                       russian: ("уровни \(v) не дают ни одной полосы между двумя уровнями",
                                 "не меньше двух значений уровней или их число, например levels: 10"))
            return v.sorted()
        case .count(let n):
            guard lo.isFinite, hi.isFinite else { return [0, 1] }
            if hi <= lo { return [lo - 0.5, lo + 0.5] }
            let step = Ticks.niceStep(span: hi - lo, target: max(1, n))
            let first = (lo / step - 1e-9).rounded(.down), last = (hi / step + 1e-9).rounded(.up)
            return stride(from: first, through: last, by: 1).map { Ticks.clean($0 * step, step: step) }
        }
    }
}

extension Axes {
    private static func checkGrid(_ x: [Double], _ y: [Double], _ z: [[Double]], _ name: String) {
        checkUsage(x.count >= 2 && y.count >= 2, name, "a grid of \(x.count) x × \(y.count) y values is too small",
                   valid: "at least 2 values in x and in y",
                   russian: ("сетка из \(x.count) значений x × \(y.count) значений y слишком мала",
                             "не меньше 2 значений в x и в y"))
        checkUsage(z.count == y.count, name, "z has \(z.count) rows but y has \(y.count) values",
                   valid: "one row of z per y: z[row = y][col = x]",
                   russian: ("в z \(z.count) строк, а в y \(y.count) значений",
                             "по одной строке z на каждый y: z[строка = y][столбец = x]"))
        if let row = z.firstIndex(where: { $0.count != x.count }) {
            usageFailure(name, "row \(row) of z has \(z[row].count) values but x has \(x.count)",
                         valid: "one value per x in every row of z: z[row = y][col = x]",
                         russian: ("в строке \(row) массива z \(z[row].count) значений, а в x \(x.count)",
                                   "в каждой строке z по одному значению на x: z[строка = y][столбец = x]"))
        }
    }

    private static func range(_ z: [[Double]]) -> (Double, Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for row in z { for v in row where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        return (lo, hi)
    }

    /// Filled contours of z[row = y][col = x] on the grid (x, y): the bilinear
    /// field quantised into bands between levels. `lines` draws the level lines over the bands.
    public func contourf(x: [Double], y: [Double], z: [[Double]], levels: ContourLevels = 10,
                         colormap: Colormap = .viridis, lines: Bool = true, colorbar: Bool = false,
                         colorbarLabel: (any DisplayText)? = nil) {
        Axes.checkGrid(x, y, z, "contourf")
        let (lo, hi) = Axes.range(z)
        let values = levels.resolve(lo, hi)
        add(FieldArtist(x: x, y: y, z: z, levels: values, colormap: colormap, filled: true,
                        lineColor: lines ? Color.white.withAlpha(0.45) : nil, lineWidth: 0.6, label: nil))
        grid = false
        if colorbar {
            self.colorbar = ColorbarSpec(colormap: colormap, vmin: values.first!, vmax: values.last!, levels: values, label: colorbarLabel?.displayText)
        }
    }

    /// Contour lines of z[row = y][col = x]; coloured by the colour map unless `color` is given.
    public func contour(x: [Double], y: [Double], z: [[Double]], levels: ContourLevels = 10,
                        colormap: Colormap = .viridis, color: Color? = nil, lineWidth: Double = 1, label: (any DisplayText)? = nil) {
        Axes.checkGrid(x, y, z, "contour")
        let (lo, hi) = Axes.range(z)
        add(FieldArtist(x: x, y: y, z: z, levels: levels.resolve(lo, hi), colormap: colormap, filled: false,
                        lineColor: color, lineWidth: lineWidth, label: label?.displayText))
    }

    /// Shows a height × width image (row-major, row 0 on top) through a colour map,
    /// like `ax.imshow`. `vmin`/`vmax` default to the data range. `annotateCells`
    /// prints each value with a printf format (`"%.0f"`) — for confusion matrices.
    public func imshow(pixels: [Double], height: Int, width: Int, colormap: Colormap = .viridis,
                       vmin: Double? = nil, vmax: Double? = nil, interpolation: ImageInterpolation = .nearest,
                       annotateCells: String? = nil, cellTextSize: Double? = nil,
                       colorbar: Bool = false, colorbarLabel: (any DisplayText)? = nil) {
        checkUsage(height >= 0 && width >= 0 && pixels.count == height * width, "imshow",
                   "\(pixels.count) pixels but height × width = \(height) × \(width) = \(height * width)",
                   valid: "pixels.count == height * width, row by row",
                   russian: ("пикселей \(pixels.count), а height × width = \(height) × \(width) = \(height * width)",
                             "pixels.count == height * width, по строкам"))
        let finite = pixels.filter(\.isFinite)
        let lo = vmin ?? finite.min() ?? 0, hi = vmax ?? finite.max() ?? 1
        add(ImageArtist(pixels: pixels, height: height, width: width, colormap: colormap, vmin: lo, vmax: hi,
                        interpolation: interpolation, cellFormat: annotateCells, cellTextSize: cellTextSize))
        if xlim == nil { xlim = (-0.5, Double(width) - 0.5) }
        if ylim == nil { ylim = (Double(height) - 0.5, -0.5) }
        aspectEqual = true
        aspectShrinksBox = true
        grid = false
        if xTickOverride == nil && width <= 12 { xticks((0..<width).map(Double.init)) }
        if yTickOverride == nil && height <= 12 { yticks((0..<height).map(Double.init)) }
        if colorbar { self.colorbar = ColorbarSpec(colormap: colormap, vmin: lo, vmax: hi, levels: nil, label: colorbarLabel?.displayText) }
    }

    /// `imshow` for 8-bit images (e.g. MNIST); values stay 0...255 unless vmin/vmax say otherwise.
    public func imshow(pixels: [UInt8], height: Int, width: Int, colormap: Colormap = .gray,
                       vmin: Double = 0, vmax: Double = 255, interpolation: ImageInterpolation = .nearest,
                       annotateCells: String? = nil, colorbar: Bool = false, colorbarLabel: (any DisplayText)? = nil) {
        imshow(pixels: pixels.map(Double.init), height: height, width: width, colormap: colormap, vmin: vmin, vmax: vmax,
               interpolation: interpolation, annotateCells: annotateCells, colorbar: colorbar, colorbarLabel: colorbarLabel)
    }
}
