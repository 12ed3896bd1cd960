import Foundation

/// A type a lesson option can hold: parsed from the command line, shown in `--help`.
public protocol OptionValue {
    /// Parses a command-line value; nil when the text is not a valid value.
    init?(optionText: String)
    /// The value as a user would type it (for the default in `--help`).
    var optionText: String { get }
    /// The placeholder in `--help`, e.g. "N" in `--depth N`.
    static var metavar: String { get }
    /// What a valid value looks like, for error messages.
    static var expectation: L { get }
    /// An example of a comma-separated list of values ("1,2,3"), for error messages.
    static var listExample: String { get }
    /// The placeholder in `--help` for a list of values ("N,N,...").
    static var listMetavar: String { get }
}

extension Int: OptionValue {
    public init?(optionText: String) { self.init(optionText.trimmingCharacters(in: .whitespaces)) }
    public var optionText: String { String(self) }
    public static var metavar: String { "N" }
    public static var expectation: L { L(ru: "целое число", en: "an integer") }
}

extension Double: OptionValue {
    public init?(optionText: String) {
        guard let x = Double(optionText.trimmingCharacters(in: .whitespaces)), x.isFinite else { return nil }
        self = x
    }
    public var optionText: String { "\(self)" }
    public static var metavar: String { "X" }
    public static var expectation: L { L(ru: "число, например 0.01 или 1e-3", en: "a number such as 0.01 or 1e-3") }
}

extension Float: OptionValue {
    public init?(optionText: String) {
        guard let x = Double(optionText: optionText) else { return nil }
        self = Float(x)
    }
    public var optionText: String { "\(self)" }
    public static var metavar: String { "X" }
    public static var expectation: L { Double.expectation }
}

extension String: OptionValue {
    public init?(optionText: String) { self = optionText }
    public var optionText: String { self }
    public static var metavar: String { "TEXT" }
    public static var expectation: L { L(ru: "текст", en: "a text") }
}

/// A flag: `--name` turns it on, `--no-name` off, `--name=true|false` sets it.
extension Bool: OptionValue {
    public init?(optionText: String) {
        switch optionText.lowercased() {
        case "true", "yes", "1", "on": self = true
        case "false", "no", "0", "off": self = false
        default: return nil
        }
    }
    public var optionText: String { self ? "true" : "false" }
    public static var metavar: String { "" }
    public static var expectation: L { L(ru: "true или false", en: "true or false") }
}

/// A fixed set of choices: declare the enum and it becomes an option type.
///
///     enum Activation: String, CaseIterable, OptionValue { case relu, tanh, sigmoid }
///     let activation = lesson.option("activation", default: Activation.relu, help: L(…))
///
/// The command line takes the raw values exactly (`--activation tanh`); `--help`
/// shows `--activation relu|tanh|sigmoid` and the default; any other value stops
/// the run (exit 2) with the valid choices and a command that works.
extension OptionValue where Self: RawRepresentable & CaseIterable, RawValue == String {
    public init?(optionText: String) {
        guard let value = Self(rawValue: optionText) else { return nil }
        self = value
    }
    public var optionText: String { rawValue }
    public static var metavar: String { allCases.map(\.rawValue).joined(separator: "|") }
    public static var expectation: L {
        let choices = allCases.map(\.rawValue).joined(separator: ", ")
        return L(ru: "одно из: \(choices)", en: "one of \(choices)")
    }
    public static var listExample: String { allCases.prefix(2).map(\.rawValue).joined(separator: ",") }
    public static var listMetavar: String { metavar + ",..." }
}

/// Comma-separated lists: `--sigmas 0.001,0.01,0.1`, `--aug hflip,crop`.
extension Array: OptionValue where Element: OptionValue {
    public init?(optionText: String) {
        var values: [Element] = []
        for part in optionText.split(separator: ",", omittingEmptySubsequences: false) {
            guard let v = Element(optionText: String(part)) else { return nil }
            values.append(v)
        }
        self = values
    }
    public var optionText: String { map(\.optionText).joined(separator: ",") }
    public static var metavar: String { Element.listMetavar }
    public static var expectation: L {
        L(ru: "значения через запятую (\(Element.expectation.ru)), например \(Element.listExample)",
          en: "comma-separated values (each \(Element.expectation.en)), e.g. \(Element.listExample)")
    }
}

extension OptionValue {
    /// An example of a comma-separated list of values, for error messages.
    public static var listExample: String { "1,2,3" }
    /// The placeholder in `--help` for a list of values.
    public static var listMetavar: String { "\(metavar),\(metavar),..." }
}

/// A lesson option: declared before `run()`, holds the parsed value (or the default) during it.
public final class Option<Value: OptionValue> {
    public let name: String
    public let defaultValue: Value
    public let help: L
    public internal(set) var value: Value
    /// The values accepted beyond their type (see `OptionRange`), with its text for `--help`.
    let constraint: OptionConstraint<Value>?

    init(name: String, defaultValue: Value, help: L, constraint: OptionConstraint<Value>? = nil) {
        self.name = name
        self.defaultValue = defaultValue
        self.help = help
        self.value = defaultValue
        self.constraint = constraint
    }
}

/// A check on an option's parsed value and how `--help` and errors describe it.
struct OptionConstraint<Value> {
    /// E.g. "[1, 1000]", or for a list "each in [1, 2048], 1–8 values".
    let text: L
    let accepts: (Value) -> Bool
}

/// What became of a command-line value given to an option.
enum OptionAssignment: Equatable {
    case assigned
    /// Not a value of the option's type at all ("abc" for an integer).
    case notAValue
    /// A value of the right type outside the option's range.
    case outOfRange
}

/// What the flag parser needs from an option, whatever its value type.
struct AnyOption {
    let name: String
    let help: L
    let isFlag: Bool
    let metavar: String
    let defaultText: String
    let expectation: L
    /// The valid values beyond the type, e.g. "[1, 1000]"; nil when any value of the type goes.
    let rangeText: L?
    /// Sets the option from text, unless the text is not a valid value.
    let assign: (String) -> OptionAssignment
    let reset: () -> Void

    init<Value: OptionValue>(_ option: Option<Value>) {
        name = option.name
        help = option.help
        isFlag = Value.self == Bool.self
        metavar = Value.metavar
        defaultText = option.defaultValue.optionText
        expectation = Value.expectation
        rangeText = option.constraint?.text
        assign = { text in
            guard let v = Value(optionText: text) else { return .notAValue }
            if let constraint = option.constraint, !constraint.accepts(v) { return .outOfRange }
            option.value = v
            return .assigned
        }
        reset = { option.value = option.defaultValue }
    }
}
