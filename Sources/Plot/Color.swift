import Usage

/// An RGBA colour with components in 0...1 (not premultiplied).
public struct Color: Equatable, Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// `Color(hex: "#4C72B0")`, `Color(hex: "4C72B0")`, or with alpha `"#4C72B080"`.
    /// A malformed string stops the program with a usage failure.
    public init(hex: String, alpha: Double = 1) {
        var digits = Substring(hex)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.count == 6 || digits.count == 8, let value = UInt32(digits, radix: 16) else {
            usageFailure("Color(hex:)", "\"\(hex)\" is not a hex colour",
                         valid: "#RRGGBB or #RRGGBBAA with hex digits, e.g. \"#4C72B0\"",
                         russian: ("\"\(hex)\" — не шестнадцатеричный цвет",
                                   "#RRGGBB или #RRGGBBAA из шестнадцатеричных цифр, например \"#4C72B0\""))
        }
        if digits.count == 8 {
            self.init(red: Double((value >> 24) & 0xFF) / 255, green: Double((value >> 16) & 0xFF) / 255,
                      blue: Double((value >> 8) & 0xFF) / 255, alpha: Double(value & 0xFF) / 255 * alpha)
        } else {
            self.init(red: Double((value >> 16) & 0xFF) / 255, green: Double((value >> 8) & 0xFF) / 255,
                      blue: Double(value & 0xFF) / 255, alpha: alpha)
        }
    }

    /// The same colour with a different opacity.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// Linear mix: `t = 0` gives `self`, `t = 1` gives `other`.
    public func mixed(with other: Color, _ t: Double) -> Color {
        Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t,
              blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }

    /// A lighter tint (towards white), used for fills behind a line.
    public func lighter(_ amount: Double = 0.5) -> Color { mixed(with: .white, amount).withAlpha(alpha) }

    /// Relative luminance (sRGB weights), to pick readable text on a coloured cell.
    public var luminance: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }

    /// `#RRGGBB`.
    public var hexString: String {
        func byte(_ v: Double) -> Int { Int((max(0, min(1, v)) * 255).rounded()) }
        return "#" + [red, green, blue].map { v -> String in
            let s = String(byte(v), radix: 16, uppercase: true)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)
    public static let clear = Color(red: 1, green: 1, blue: 1, alpha: 0)
    /// Text and dark strokes: seaborn's ".15" grey.
    public static let text = Color(hex: "#262626")
    public static let gray = Color(hex: "#8C8C8C")
    public static let lightGray = Color(hex: "#D9D9D9")

    /// seaborn's "deep" palette, the default colour cycle.
    public static let palette: [Color] = [
        "#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3",
        "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD",
    ].map { Color(hex: $0) }

    /// The i-th palette colour, wrapping around.
    public static func palette(_ index: Int) -> Color {
        palette[((index % palette.count) + palette.count) % palette.count]
    }

    public static let blue = palette[0]
    public static let orange = palette[1]
    public static let green = palette[2]
    public static let red = palette[3]
    public static let purple = palette[4]
    public static let brown = palette[5]
    public static let pink = palette[6]
    public static let olive = palette[8]
    public static let cyan = palette[9]
}
