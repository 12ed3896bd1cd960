import Tensors
/// The values a numeric lesson option accepts, checked by the parser before any
/// work starts and shown by `--help`:
///
///     lesson.option("epochs", default: 10, range: 1...1000, help: ...)   // [1, 1000]
///     lesson.option("lr", default: 0.1, range: .above(0, through: 10), help: ...)  // (0, 10]
///     lesson.option("momentum", default: 0.9, range: 0..<1, help: ...)   // [0, 1)
public struct OptionRange<Bound: Comparable> {
    public var lower: Bound?
    public var lowerIncluded = true
    public var upper: Bound?
    public var upperIncluded = true

    public init(lower: Bound?, lowerIncluded: Bool = true, upper: Bound?, upperIncluded: Bool = true) {
        (self.lower, self.lowerIncluded, self.upper, self.upperIncluded) = (lower, lowerIncluded, upper, upperIncluded)
    }

    /// Values strictly above `lower` (a learning rate, a standard deviation), up to `upper` inclusive.
    public static func above(_ lower: Bound, through upper: Bound? = nil) -> OptionRange {
        OptionRange(lower: lower, lowerIncluded: false, upper: upper)
    }

    /// The Swift ranges `a...b`, `a...`, `...b`, `a..<b`.
    init<R: RangeExpression>(_ range: R) where R.Bound == Bound {
        switch range {
        case let r as ClosedRange<Bound>: self.init(lower: r.lowerBound, upper: r.upperBound)
        case let r as PartialRangeFrom<Bound>: self.init(lower: r.lowerBound, upper: nil)
        case let r as PartialRangeThrough<Bound>: self.init(lower: nil, upper: r.upperBound)
        case let r as Range<Bound>: self.init(lower: r.lowerBound, upper: r.upperBound, upperIncluded: false)
        case let r as PartialRangeUpTo<Bound>: self.init(lower: nil, upper: r.upperBound, upperIncluded: false)
        default: usageFailure("Lesson.option", "option ranges are a...b, a..., ...b, a..<b or ..<b")
        }
    }

    public func contains(_ value: Bound) -> Bool {
        if let lower, lowerIncluded ? value < lower : value <= lower { return false }
        if let upper, upperIncluded ? value > upper : value >= upper { return false }
        return true
    }
}

extension OptionRange where Bound: OptionValue {
    /// Interval notation, the same in both languages: [1, 1000], (0, 10], [0, 1), ≥ 1, > 0.
    var text: String {
        func number(_ v: Bound) -> String {
            let text = v.optionText
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        switch (lower, upper) {
        case let (l?, u?):
            return (lowerIncluded ? "[" : "(") + number(l) + ", " + number(u) + (upperIncluded ? "]" : ")")
        case let (l?, nil): return (lowerIncluded ? "≥ " : "> ") + number(l)
        case let (nil, u?): return (upperIncluded ? "≤ " : "< ") + number(u)
        case (nil, nil): return ""
        }
    }
}
