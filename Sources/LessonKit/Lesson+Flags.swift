import Foundation
import TerminalImages

/// The common flags, parsed.
struct Settings {
    var lang: Language
    var quick = false
    var seed = 42
    var figuresPath: String?
    var noFigures = false
    var list = false
    /// Section numbers to show (1-based, sorted); nil shows them all.
    var shownSections: [Int]?
    var pause = false
    var exportPath: String?
    /// `--no-code`: the terminal shows no code cells (exports keep them).
    var noCode = false
    /// `--no-timings`: wall-clock times are left out, for documents that must not change between runs.
    var noTimings = false
    var verbose = false
    var help = false
    var inlineFigures = InlineImageMode.auto
}

/// A command-line mistake: what was wrong and what was expected, in both languages.
struct UsageError: Error {
    var message: L
    /// A command that works, printed as "To fix:".
    var fix: String?
}

extension Lesson {
    static let commonFlagNames: Set<String> = ["lang", "quick", "seed", "figures", "no-figures", "list",
                                               "section", "pause", "export", "verbose", "help",
                                               "inline-figures", "no-code", "no-timings"]

    /// The language to talk in even before the arguments are validated:
    /// a well-formed `--lang` anywhere on the line, else the locale.
    static func language(arguments: [String], environment: [String: String]) -> Language {
        var found: Language?
        for (i, arg) in arguments.enumerated() {
            if arg.hasPrefix("--lang=") {
                found = Language(rawValue: String(arg.dropFirst("--lang=".count))) ?? found
            } else if arg == "--lang", i + 1 < arguments.count {
                found = Language(rawValue: arguments[i + 1]) ?? found
            }
        }
        return found ?? Language.preferred(environment: environment)
    }

    /// Parses `arguments` into the common settings and sets the lesson's options.
    /// Throws the first mistake found; `--help` anywhere wins over later mistakes.
    func parse(arguments: [String], environment: [String: String]) throws -> Settings {
        var settings = Settings(lang: Lesson.language(arguments: arguments, environment: environment))
        for option in options { option.reset() }
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if arg == "-h" || arg == "--help" { settings.help = true; continue }
            // `swift run lesson -- --flag` may pass the separator on; a lesson takes no positional arguments.
            if arg == "--" { continue }
            guard arg.hasPrefix("--"), arg.count > 2 else {
                throw UsageError(message: L(ru: "лишний аргумент '\(arg)': флаги начинаются с --",
                                            en: "unexpected argument '\(arg)': flags start with --"))
            }
            let body = arg.dropFirst(2)
            let name: String, inlineValue: String?
            if let eq = body.firstIndex(of: "=") {
                name = String(body[..<eq])
                inlineValue = String(body[body.index(after: eq)...])
            } else {
                name = String(body)
                inlineValue = nil
            }

            /// The flag's value: after `=`, or the next argument.
            func value(_ expectation: L) throws -> String {
                if let inlineValue { return inlineValue }
                guard i < arguments.count, !arguments[i].hasPrefix("--") else {
                    throw UsageError(message: L(ru: "--\(name) требует значение: \(expectation.ru)",
                                                en: "--\(name) needs a value: \(expectation.en)"))
                }
                defer { i += 1 }
                return arguments[i]
            }
            func bad(_ text: String, _ expectation: L) -> UsageError {
                UsageError(message: L(ru: "--\(name): ожидалось \(expectation.ru), получено '\(text)'",
                                      en: "--\(name): expected \(expectation.en), got '\(text)'"))
            }
            func flag() throws -> Bool {
                guard let inlineValue else { return true }
                guard let on = Bool(optionText: inlineValue) else { throw bad(inlineValue, Bool.expectation) }
                return on
            }

            switch name {
            case "lang":
                let expected = L(ru: "ru или en", en: "ru or en")
                let text = try value(expected)
                guard let lang = Language(rawValue: text) else { throw bad(text, expected) }
                settings.lang = lang
            case "quick": settings.quick = try flag()
            case "pause": settings.pause = try flag()
            case "verbose": settings.verbose = try flag()
            case "list": settings.list = try flag()
            case "no-figures": settings.noFigures = try flag()
            case "no-code": settings.noCode = try flag()
            case "no-timings": settings.noTimings = try flag()
            case "seed":
                let expected = L(ru: "неотрицательное целое число", en: "a non-negative integer")
                let text = try value(expected)
                guard let seed = Int(text), seed >= 0 else { throw bad(text, expected) }
                settings.seed = seed
            case "figures":
                let expected = L(ru: "папка", en: "a folder")
                let text = try value(expected)
                guard !text.isEmpty else { throw bad(text, expected) }
                settings.figuresPath = text
            case "export":
                let expected = L(ru: "имя файла, например lesson.md", en: "a file name such as lesson.md")
                let text = try value(expected)
                guard !text.isEmpty, !text.hasSuffix("/") else { throw bad(text, expected) }
                settings.exportPath = text
            case "inline-figures":
                let expected = L(ru: "auto, iterm, kitty, sixel или off", en: "auto, iterm, kitty, sixel or off")
                let text = try value(expected)
                guard let mode = InlineImageMode(rawValue: text) else { throw bad(text, expected) }
                settings.inlineFigures = mode
            case "section":
                let count = expectedSectionCount ?? sections.count
                let expected = L(ru: "номер раздела от 1 до \(count) или список через запятую",
                                 en: "a section number from 1 to \(count), or a comma-separated list")
                let text = try value(expected)
                let numbers = text.split(separator: ",", omittingEmptySubsequences: false)
                    .map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil && (1...max(count, 1)).contains($0!) })
                else { throw bad(text, expected) }
                settings.shownSections = Array(Set(numbers.compactMap { $0 })).sorted()
            default:
                if let option = options.first(where: { $0.name == name }) {
                    if option.isFlag && inlineValue == nil {
                        _ = option.assign("true")
                    } else {
                        let text = try value(option.expectation)
                        switch option.assign(text) {
                        case .assigned: break
                        case .notAValue:
                            var error = bad(text, option.expectation)
                            // A value of the wrong kind gets the same working command as one out of range.
                            if !option.defaultText.isEmpty {
                                error.fix = "swift run \(id) --\(option.name) \(option.defaultText)"
                            }
                            throw error
                        case .outOfRange: throw outOfRange(option, text)
                        }
                    }
                } else if name.hasPrefix("no-"), inlineValue == nil,
                          let option = options.first(where: { $0.isFlag && $0.name == name.dropFirst(3) }) {
                    _ = option.assign("false")
                } else {
                    throw unknownFlag(name)
                }
            }
        }
        return settings
    }

    private func outOfRange(_ option: AnyOption, _ text: String) -> UsageError {
        let range = option.rangeText ?? L(ru: "", en: "")
        return UsageError(message: L(ru: "--\(option.name): получено '\(text)'; допустимо: \(range.ru)",
                                     en: "--\(option.name): got '\(text)'; valid: \(range.en)"),
                          fix: "swift run \(id) --\(option.name) \(option.defaultText)")
    }

    private func unknownFlag(_ name: String) -> UsageError {
        let known = Array(Lesson.commonFlagNames) + options.map(\.name)
        let guess = known.min { editDistance($0, name) < editDistance($1, name) }
        var message = L(ru: "неизвестный флаг --\(name)", en: "unknown flag --\(name)")
        if let guess, editDistance(guess, name) <= 2 {
            message.ru += " (может быть, --\(guess)?)"
            message.en += " (did you mean --\(guess)?)"
        }
        return UsageError(message: message)
    }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = current
        }
    }
    return row[b.count]
}
