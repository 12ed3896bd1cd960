import Foundation
import Usage

/// Where a legend goes inside the axes. `.best` picks the place that covers
/// the fewest drawn data points (matplotlib's `loc="best"`).
public enum LegendLocation: Sendable, CaseIterable {
    case best, upperRight, upperLeft, lowerLeft, lowerRight, centerRight, centerLeft, lowerCenter, upperCenter, center
}

/// One plot panel: data artists, axis limits and scales, ticks, labels, legend.
/// Get it from a `Figure` (`figure.ax`, `figure[0, 1]`).
public final class Axes {
    /// Text above the plot area (markup allowed: `σ^2`, `h_{k+1}`): a String or an
    /// `L(ru:en:)`, kept as the string it resolves to when set.
    public var title: (any DisplayText)? {
        get { titleText }
        set { titleText = newValue?.displayText }
    }
    public var xlabel: (any DisplayText)? {
        get { xlabelText }
        set { xlabelText = newValue?.displayText }
    }
    public var ylabel: (any DisplayText)? {
        get { ylabelText }
        set { ylabelText = newValue?.displayText }
    }
    var titleText: String?
    var xlabelText: String?
    var ylabelText: String?
    /// Fixed limits `(left, right)`; nil means automatic with a 5 % margin.
    /// Reversed pairs flip the axis.
    public var xlim: (Double, Double)?
    /// Fixed limits `(bottom, top)`; nil means automatic.
    public var ylim: (Double, Double)?
    public var xscale: AxisScale = .linear
    public var yscale: AxisScale = .linear
    /// Light grey grid lines at the major ticks (minor ticks too on log axes).
    public var grid = true
    /// One data unit has the same length on both axes (for diagrams and images).
    public var aspectEqual = false
    /// Draw spines, ticks and tick labels; `hideAxes()` turns them off.
    public var axisVisible = true
    /// Rotation of x tick labels in degrees; nil rotates long labels automatically.
    public var xtickRotation: Double?

    var artists: [Artist] = []
    var legendLocation: LegendLocation?
    var legendColumns = 1
    var colorIndex = 0
    var xTickOverride: (positions: [Double], labels: [String])?
    var yTickOverride: (positions: [Double], labels: [String])?
    var categories: [String]?
    var colorbar: ColorbarSpec?
    /// Whether the aspect rule should shrink the plot box (images) rather than widen the limits.
    var aspectShrinksBox = false

    init() {}

    /// The next colour of the palette cycle.
    func nextColor() -> Color {
        defer { colorIndex += 1 }
        return Color.palette(colorIndex)
    }

    func add(_ artist: Artist) { artists.append(artist) }

    /// Shows a legend of the labelled artists.
    public func legend(location: LegendLocation = .best, columns: Int = 1) {
        legendLocation = location
        legendColumns = max(1, columns)
    }

    /// Hides spines, ticks, tick labels and grid (for images and diagrams).
    public func hideAxes() {
        axisVisible = false
        grid = false
    }

    /// Ticks at given x positions, optionally with text labels (categorical axes).
    public func xticks(_ positions: [Double], labels: [any DisplayText]? = nil) {
        let labels = labels?.map(\.displayText)
        if let labels {
            checkUsage(labels.count == positions.count, "xticks", "\(positions.count) positions but \(labels.count) labels",
                       valid: "one label per position, or no labels",
                       russian: ("позиций \(positions.count), а подписей \(labels.count)",
                                 "по одной подписи на позицию или без подписей"))
        }
        xTickOverride = (positions, labels ?? Ticks.labels(positions))
    }

    /// Ticks at given y positions, optionally with text labels.
    public func yticks(_ positions: [Double], labels: [any DisplayText]? = nil) {
        let labels = labels?.map(\.displayText)
        if let labels {
            checkUsage(labels.count == positions.count, "yticks", "\(positions.count) positions but \(labels.count) labels",
                       valid: "one label per position, or no labels",
                       russian: ("позиций \(positions.count), а подписей \(labels.count)",
                                 "по одной подписи на позицию или без подписей"))
        }
        yTickOverride = (positions, labels ?? Ticks.labels(positions))
    }

    // MARK: Layout (called by Figure)

    struct AxisTicks {
        var major: [Double] = []
        var labels: [String] = []
        var minor: [Double] = []
    }

    /// Limits, ticks and plot box, resolved for one layout pass.
    struct Resolved {
        var transform: AxisTransform
        var xTicks: AxisTicks
        var yTicks: AxisTicks
        var xRotation: Double
    }

    var resolved: Resolved?

    /// Automatic limits for one axis in scale space, padded by 5 % except at sticky edges.
    private func autoLimits(_ lo: Double, _ hi: Double, sticky: [Double], scale: AxisScale, tight: Bool) -> (Double, Double) {
        var a = scale.forward(lo), b = scale.forward(hi)
        if !(a.isFinite && b.isFinite) { return scale == .log ? (1, 10) : (0, 1) }
        if a == b {
            let d = scale == .log ? 0.5 : (a == 0 ? 1 : abs(a) * 0.1)
            return (scale.inverse(a - d), scale.inverse(b + d))
        }
        if !tight {
            let margin = (b - a) * 0.05
            var pa = a - margin, pb = b + margin
            for s in sticky.map(scale.forward) where s.isFinite {
                if abs(s - a) <= 1e-12 * max(1, abs(a)) { pa = a }
                if abs(s - b) <= 1e-12 * max(1, abs(b)) { pb = b }
            }
            a = pa; b = pb
        }
        return (scale.inverse(a), scale.inverse(b))
    }

    /// Resolves limits and ticks for a plot box of the given size.
    func resolve(box nominal: Box, painter: Painter) {
        var bounds = DataBounds()
        var padding = 0.0
        for artist in artists {
            let b = artist.bounds(xscale, yscale)
            bounds.minX = min(bounds.minX, b.minX); bounds.maxX = max(bounds.maxX, b.maxX)
            bounds.minY = min(bounds.minY, b.minY); bounds.maxY = max(bounds.maxY, b.maxY)
            bounds.stickyX += b.stickyX; bounds.stickyY += b.stickyY
            padding = max(padding, artist.pointPadding)
        }
        var box = nominal
        let tight = artists.allSatisfy { $0 is ImageArtist || $0 is FieldArtist }
        var x = xlim ?? (bounds.hasX ? autoLimits(bounds.minX, bounds.maxX, sticky: bounds.stickyX, scale: xscale, tight: tight) : (0, 1))
        var y = ylim ?? (bounds.hasY ? autoLimits(bounds.minY, bounds.maxY, sticky: bounds.stickyY, scale: yscale, tight: tight) : (0, 1))

        // Room in points for circles and markers drawn around data points.
        if padding > 0 {
            if xlim == nil && xscale == .linear { x = widen(x, by: padding, length: box.width) }
            if ylim == nil && yscale == .linear { y = widen(y, by: padding, length: box.height) }
        }

        if aspectEqual && xscale == .linear && yscale == .linear {
            let dx = abs(x.1 - x.0), dy = abs(y.1 - y.0)
            let unit = min(box.width / dx, box.height / dy)
            if aspectShrinksBox || (xlim != nil && ylim != nil) {
                let w = dx * unit, h = dy * unit
                box = Box(x: box.midX - w / 2, y: box.midY - h / 2, width: w, height: h)
            } else {
                // Widen whichever range is too short so the box keeps its size.
                let needX = box.width / unit, needY = box.height / unit
                let cx = (x.0 + x.1) / 2, cy = (y.0 + y.1) / 2
                let sx: Double = x.1 >= x.0 ? 1 : -1, sy: Double = y.1 >= y.0 ? 1 : -1
                x = (cx - sx * needX / 2, cx + sx * needX / 2)
                y = (cy - sy * needY / 2, cy + sy * needY / 2)
            }
        }

        let transform = AxisTransform(xlim: x, ylim: y, xScale: xscale, yScale: yscale, box: box)
        let xTicks = makeTicks(x, scale: xscale, override: xTickOverride, length: box.width, spacing: 70)
        let yTicks = makeTicks(y, scale: yscale, override: yTickOverride, length: box.height, spacing: 45)

        var rotation = 0.0
        if let r = xtickRotation {
            rotation = r
        } else if xTicks.major.count > 1 {
            // Rotate when neighbouring labels would touch.
            let gap = abs(transform.x(xTicks.major[1]) - transform.x(xTicks.major[0]))
            let widest = xTicks.labels.map { painter.measure($0, size: Theme.tickSize).width }.max() ?? 0
            if widest + 6 > gap { rotation = 35 }
        }
        resolved = Resolved(transform: transform, xTicks: xTicks, yTicks: yTicks, xRotation: rotation)
    }

    private func widen(_ lim: (Double, Double), by points: Double, length: Double) -> (Double, Double) {
        guard length > 4 * points else { return lim }
        let span = lim.1 - lim.0
        let grown = span / (1 - 2 * points / length)
        let extra = (grown - span) / 2
        return (lim.0 - extra, lim.1 + extra)
    }

    private func makeTicks(_ lim: (Double, Double), scale: AxisScale, override: (positions: [Double], labels: [String])?,
                           length: Double, spacing: Double) -> AxisTicks {
        let lo = min(lim.0, lim.1), hi = max(lim.0, lim.1)
        if let override {
            var t = AxisTicks()
            for (p, l) in zip(override.positions, override.labels) where p >= lo - 1e-9 * max(1, abs(lo)) && p <= hi + 1e-9 * max(1, abs(hi)) {
                t.major.append(p); t.labels.append(l)
            }
            return t
        }
        let target = max(2, min(10, Int(length / spacing)))
        if scale == .log {
            // Decade labels are short; allow more of them than linear labels.
            let target = max(3, min(12, Int(length / (spacing * 0.6))))
            let ticks = Ticks.log(lo, hi, target: target)
            return AxisTicks(major: ticks.major, labels: Ticks.logLabels(ticks.major), minor: ticks.minor)
        }
        let major = Ticks.linear(lo, hi, target: target)
        return AxisTicks(major: major, labels: Ticks.labels(major), minor: [])
    }

    /// Space around the plot box that labels need: (left, right, top, bottom), in points.
    func margins(painter: Painter) -> (left: Double, right: Double, top: Double, bottom: Double) {
        guard let r = resolved else { return (0, 0, 0, 0) }
        var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0
        if let title = titleText, !title.isEmpty {
            top += painter.measure(title, size: Theme.titleSize).height + Theme.titlePad
        }
        if axisVisible {
            let yWidest = r.yTicks.labels.map { painter.measure($0, size: Theme.tickSize).width }.max() ?? 0
            left += yWidest + Theme.tickPad
            let xBoxes = xTickLabelBoxes(painter: painter, resolved: r)
            let xLabelsBottom = xBoxes.map(\.maxY).max() ?? r.transform.box.maxY
            bottom += max(0, xLabelsBottom - r.transform.box.maxY)
            // Labels at the ends may stick out sideways.
            let overhangLeft = r.transform.box.minX - (xBoxes.map(\.minX).min() ?? r.transform.box.minX)
            let overhangRight = (xBoxes.map(\.maxX).max() ?? r.transform.box.maxX) - r.transform.box.maxX
            left = max(left, overhangLeft)
            right = max(right, overhangRight)
            let yBoxesTop = r.yTicks.major.map { r.transform.y($0) - Theme.tickSize * 0.6 }.min() ?? r.transform.box.minY
            top = max(top, r.transform.box.minY - yBoxesTop)
        }
        if let xlabel = xlabelText, !xlabel.isEmpty {
            bottom += painter.measure(xlabel, size: Theme.labelSize).height + Theme.labelPad
        }
        if let ylabel = ylabelText, !ylabel.isEmpty {
            left += painter.measure(ylabel, size: Theme.labelSize).height + Theme.labelPad
        }
        if let colorbar {
            right = max(right, colorbarWidth(colorbar, painter: painter))
        }
        // Nothing may end exactly on the figure edge.
        return (left + 2, right + 4, top + 2, bottom + 2)
    }

    /// Where x tick labels go: below the plot box, centred, or rotated and right-aligned.
    func xTickLabelBoxes(painter: Painter, resolved r: Resolved) -> [Box] {
        let y = r.transform.box.maxY + Theme.tickPad
        return zip(r.xTicks.major, r.xTicks.labels).map { value, label in
            let block = painter.measure(label, size: Theme.tickSize)
            let x = r.transform.x(value)
            if r.xRotation == 0 { return block.bounds(at: (x, y), .center, .top) }
            return block.bounds(at: (x, y), .right, .top, rotation: -r.xRotation * .pi / 180)
        }
    }
}

/// The calm look: sizes in points, greys of seaborn's "whitegrid" style.
public enum Theme {
    public static let tickSize = 10.0
    public static let labelSize = 11.0
    public static let titleSize = 12.0
    public static let suptitleSize = 13.5
    public static let legendSize = 10.0
    public static let textSize = 10.5
    public static let tickPad = 5.0
    public static let labelPad = 6.0
    public static let titlePad = 7.0
    public static let lineWidth = 1.75
    public static let markerSize = 6.0
    public static let gridColor = Color(hex: "#E3E3E3")
    public static let minorGridColor = Color(hex: "#F2F2F2")
    public static let spineColor = Color(hex: "#CCCCCC")
    public static let tickLabelColor = Color(hex: "#3C3C3C")
}
