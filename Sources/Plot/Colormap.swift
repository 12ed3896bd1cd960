import Usage

/// A colour map from `t` in 0...1 to a colour, by linear interpolation between
/// equally spaced anchors (matplotlib's `LinearSegmentedColormap.from_list`).
public struct Colormap: Sendable {
    public let name: String
    public let anchors: [Color]

    public init(name: String, anchors: [Color]) {
        checkUsage(anchors.count >= 2, "Colormap", "'\(name)' has \(anchors.count) anchor colour\(anchors.count == 1 ? "" : "s")",
                   valid: "at least two colours to interpolate between",
                   russian: ("у '\(name)' опорных цветов: \(anchors.count)", "не меньше двух цветов, между которыми интерполировать"))
        self.name = name
        self.anchors = anchors
    }

    public init(name: String, hex: [String]) {
        self.init(name: name, anchors: hex.map { Color(hex: $0) })
    }

    /// The colour at `t` (clamped to 0...1; NaN maps to 0).
    public func color(at t: Double) -> Color {
        let clamped = t.isNaN ? 0 : max(0, min(1, t))
        let position = clamped * Double(anchors.count - 1)
        let index = min(Int(position), anchors.count - 2)
        return anchors[index].mixed(with: anchors[index + 1], position - Double(index))
    }

    /// The same map, run backwards (`viridis.reversed` is matplotlib's `viridis_r`).
    public var reversed: Colormap { Colormap(name: name + "_r", anchors: anchors.reversed()) }

    /// Perceptually uniform (matplotlib's default): 16 anchors of `viridis(16)`.
    public static let viridis = Colormap(name: "viridis", hex: [
        "#440154", "#481A6C", "#472F7D", "#414487", "#39568C", "#31688E", "#2A788E", "#23888E",
        "#1F988B", "#22A884", "#35B779", "#54C568", "#7AD151", "#A5DB36", "#D2E21B", "#FDE725",
    ])

    /// Black to white (matplotlib's `gray`).
    public static let gray = Colormap(name: "gray", hex: ["#000000", "#FFFFFF"])

    /// Inverted grey: white background, black ink (`gray_r`), the usual way to show MNIST.
    public static let grayInverted = Colormap(name: "gray_r", hex: ["#FFFFFF", "#000000"])

    /// White to dark blue (ColorBrewer Blues, 9 classes), for confusion matrices.
    public static let blues = Colormap(name: "Blues", hex: [
        "#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C", "#08306B",
    ])

    /// Diverging: blue for low, white in the middle, red for high (matplotlib's `RdBu_r`).
    /// Centre it on zero with symmetric `vmin`/`vmax`.
    public static let redBlue = Colormap(name: "RdBu_r", hex: [
        "#053061", "#2166AC", "#4393C3", "#92C5DE", "#D1E5F0", "#F7F7F7",
        "#FDDBC7", "#F4A582", "#D6604D", "#B2182B", "#67001F",
    ])
}
