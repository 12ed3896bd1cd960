import Foundation

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
            precondition(v.count >= 2, "contour levels need at least two values")
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
        precondition(x.count >= 2 && y.count >= 2, "\(name): need at least a 2 × 2 grid")
        precondition(z.count == y.count, "\(name): z has \(z.count) rows but y has \(y.count) values (z[row = y][col = x])")
        precondition(z.allSatisfy { $0.count == x.count }, "\(name): every row of z must have \(x.count) values (one per x)")
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
        precondition(pixels.count == height * width, "imshow: \(pixels.count) pixels but height × width = \(height * width)")
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
