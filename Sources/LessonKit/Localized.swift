import Foundation
import Plot

/// The two languages of the course.
public enum Language: String, CaseIterable {
    case ru, en

    /// The language the user's locale asks for: Russian when the first set
    /// of `LC_ALL`, `LC_MESSAGES`, `LANG` starts with "ru", else English.
    public static func preferred(environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                return value.lowercased().hasPrefix("ru") ? .ru : .en
            }
        }
        return .en
    }

    var name: String { self == .ru ? "Russian" : "English" }
}

/// A text in both languages: every word a student reads exists in Russian and English.
/// Usually written with its short name `L`:
///
///     L(ru: "Инициализация весов", en: "Weight initialisation")
///
/// Pass it as it is wherever a text is shown — `s.print`, table headers, progress
/// labels, `ax.title`, plot labels: it appears in the running lesson's language,
/// and a lesson whose text lacks a language stops with a list of the places
/// (see `MissingText`).
public struct LocalizedText: Equatable {
    public var ru: String
    public var en: String

    public init(ru: String, en: String) {
        self.ru = ru
        self.en = en
    }

    /// The text in `language`.
    public func callAsFunction(_ language: Language) -> String { self[language] }

    public subscript(language: Language) -> String { language == .ru ? ru : en }

    /// The languages with no text (empty or only whitespace).
    public var missingLanguages: [Language] {
        Language.allCases.filter { self[$0].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
}

/// The short name lessons write: `L(ru: "…", en: "…")`.
public typealias L = LocalizedText

extension LocalizedText: DisplayText, CustomStringConvertible {
    /// The text in the running lesson's language (outside a run, the locale's),
    /// checked for both languages like every text of the lesson.
    public var displayText: String {
        if let run = LessonRun.current { return run.resolve(self) }
        return self[Language.preferred(environment: ProcessInfo.processInfo.environment)]
    }

    /// Interpolated into a String or printed, the text shows in the running lesson's language.
    public var description: String { displayText }
}

/// A place in a lesson whose text lacks a language, found by `Lesson.validate()`
/// or while the lesson runs.
public struct MissingText: Equatable, CustomStringConvertible {
    /// Where the text is, e.g. "section 2 title" or "option --depth help".
    public var place: String
    public var missing: [Language]

    public var description: String {
        "\(place): no \(missing.map(\.name).joined(separator: " or ")) text"
    }
}

/// The Russian noun form for a count: `russianPlural(3, "слой", "слоя", "слоёв")` is "слоя"
/// (1, 21 → one; 2–4, 22–24 → few; 0, 5–20, 25… → many).
public func russianPlural(_ n: Int, _ one: String, _ few: String, _ many: String) -> String {
    let (mod10, mod100) = (abs(n) % 10, abs(n) % 100)
    if mod10 == 1 && mod100 != 11 { return one }
    if (2...4).contains(mod10) && !(12...14).contains(mod100) { return few }
    return many
}
