import Tensors

extension Lesson {
    /// Declares a numeric option whose values must lie in `range` (`1...`, `0..<1`,
    /// `1...4096`): the parser rejects any other value with exit code 2 and a
    /// "To fix:" command before the lesson starts, and `--help` shows the range.
    public func option<Value: OptionValue & Comparable, R: RangeExpression>(
        _ name: String, default value: Value, range: R, help: L) -> Option<Value> where R.Bound == Value {
        option(name, default: value, range: OptionRange(range), help: help)
    }

    /// The same with an `OptionRange`, for ranges Swift cannot write: `.above(0)` (> 0).
    public func option<Value: OptionValue & Comparable>(
        _ name: String, default value: Value, range: OptionRange<Value>, help: L) -> Option<Value> {
        checkUsage(range.contains(value), "Lesson.option", "the default \(value.optionText) of --\(name) is outside its range \(range.text)",
                   valid: "a default inside the range")
        return declareOption(name, default: value, help: help,
                             constraint: OptionConstraint(text: L(ru: range.text, en: range.text), accepts: range.contains))
    }

    /// A comma-separated list whose every value lies in `range`, and (when given)
    /// whose length lies in `count`: `--hidden 512,256` with `range: 1...4096, count: 1...8`.
    public func option<Element: OptionValue & Numeric & Comparable, R: RangeExpression>(
        _ name: String, default value: [Element], range: R, count: ClosedRange<Int>? = nil,
        help: L) -> Option<[Element]> where R.Bound == Element {
        option(name, default: value, range: OptionRange(range), count: count, help: help)
    }

    public func option<Element: OptionValue & Numeric & Comparable>(
        _ name: String, default value: [Element], range: OptionRange<Element>, count: ClosedRange<Int>? = nil,
        help: L) -> Option<[Element]> {
        let accepts: ([Element]) -> Bool = { values in
            values.allSatisfy(range.contains) && (count?.contains(values.count) ?? true)
        }
        var text = L(ru: "каждое в \(range.text)", en: "each in \(range.text)")
        if let count {
            let n = count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound)–\(count.upperBound)"
            text.ru += ", значений: \(n)"
            text.en += ", \(n) value\(count.upperBound == 1 ? "" : "s")"
        }
        checkUsage(accepts(value), "Lesson.option", "the default \(value.optionText) of --\(name) is outside \(text.en)",
                   valid: "a default that satisfies the range")
        return declareOption(name, default: value, help: help, constraint: OptionConstraint(text: text, accepts: accepts))
    }
}
