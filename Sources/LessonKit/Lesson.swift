import Console
import Foundation
import Tensors

/// A lesson: a literate script of numbered sections with bilingual prose,
/// printed output, tables and figures, run from the command line.
///
///     let lesson = Lesson(id: "lesson-03-init", title: L(ru: "Инициализация весов", en: "Weight initialisation"))
///     let depth = lesson.option("depth", default: 50, help: L(ru: "число слоёв", en: "number of layers"))
///     lesson.section(L(ru: "Проблема", en: "The problem")) { s in
///         s.prose(L(ru: "…", en: "…"))
///         s.print("depth = \(depth.value)")
///     }
///     lesson.run()
public final class Lesson {
    public let id: String
    public let title: L
    /// One or two sentences shown by `--help` and at the top of the export.
    public let summary: L?

    /// The language chosen by `--lang` (or the locale). Valid inside sections.
    public internal(set) var lang: Language
    /// The seed of `Generator.default`, set by `--seed` (default 42).
    public internal(set) var seed = 42
    /// `--quick`: small data and few epochs.
    public internal(set) var quick = false
    /// False with `--no-timings`: `seconds(_:)` prints no wall-clock times.
    public internal(set) var showsTimings = true
    /// `--verbose`: framework diagnostics on stderr.
    public internal(set) var verbose = false
    /// Where figures go, or nil with `--no-figures`.
    public internal(set) var figuresDirectory: URL?

    struct SectionEntry {
        let title: L
        let body: (Section) throws -> Void
        /// Where the `section` call stands: its code cells are read from there.
        let file: String
        let line: Int
    }
    var sections: [SectionEntry] = []
    var options: [AnyOption] = []
    /// A script (declared in a `main.swift`) runs each section where it is declared (see `LiveRun`).
    let isScript: Bool
    var live: LiveRun?
    /// While a live run starts: how many sections the script declares, for checking `--section`.
    var expectedSectionCount: Int?

    /// Exit codes of `run`.
    public enum ExitCode {
        public static let success: Int32 = 0
        /// A section threw an error.
        public static let failure: Int32 = 1
        /// Unknown flag or bad value.
        public static let usage: Int32 = 2
        /// The lesson's own text lacks a language (a bug in the lesson).
        public static let incompleteText: Int32 = 70
        /// The figures folder or the export file cannot be written.
        public static let cannotWrite: Int32 = 73
    }

    /// `file` tells a lesson script (`main.swift`, whose top-level code runs in order) from a
    /// lesson built elsewhere, e.g. in a test, whose sections run only inside `run(arguments:…)`.
    public init(id: String, title: L, summary: L? = nil, file: StaticString = #filePath) {
        checkUsage(!id.isEmpty && !id.contains("/"), "Lesson", "the id '\(id)' is not a plain name", valid: "a name like lesson-03-init")
        self.id = id
        self.title = title
        self.summary = summary
        self.isScript = URL(fileURLWithPath: "\(file)").lastPathComponent == "main.swift"
        self.lang = Language.preferred(environment: ProcessInfo.processInfo.environment)
    }

    /// Declares a lesson option `--name VALUE` (or a flag `--name` for Bool).
    /// Its `.value` holds the default until `run()` parses the command line.
    public func option<Value: OptionValue>(_ name: String, default value: Value, help: L) -> Option<Value> {
        declareOption(name, default: value, help: help, constraint: nil)
    }

    func declareOption<Value: OptionValue>(_ name: String, default value: Value, help: L,
                                           constraint: OptionConstraint<Value>?) -> Option<Value> {
        checkUsage(!name.isEmpty && !name.hasPrefix("-") && !name.contains("="), "Lesson.option",
                   "the option name '\(name)' is not a plain name", valid: "a name without dashes, like \"depth\"")
        checkUsage(!Lesson.commonFlagNames.contains(name) && !options.contains { $0.name == name }, "Lesson.option",
                   "--\(name) is declared twice or clashes with a common flag",
                   valid: "a name other than \((Lesson.commonFlagNames.sorted() + options.map(\.name)).joined(separator: ", "))")
        // A script reads its command line at its first section; a later option would be "unknown".
        checkUsage(live == nil, "Lesson.option", "lesson.option(\"\(name)\", …) stands after the first lesson.section",
                   valid: "declare every option before the first section")
        let option = Option(name: name, defaultValue: value, help: help, constraint: constraint)
        options.append(AnyOption(option))
        return option
    }

    /// Adds the next numbered section. In a lesson script its body runs here and now;
    /// in a lesson built elsewhere, inside `run(arguments:…)`, in order.
    /// `file` and `line` locate the body in the source, to show its code as it runs.
    public func section(_ title: L, file: StaticString = #filePath, line: UInt = #line,
                        _ body: @escaping (Section) throws -> Void) {
        sections.append(SectionEntry(title: title, body: body, file: "\(file)", line: Int(line)))
        runDeclaredSection(file: "\(file)")
    }

    /// `text` in the chosen language (recorded, like `Section.t`, for the figures' CSV names).
    public func t(_ text: L) -> String {
        CSVNames.current?.record(text, shownIn: lang)
        return text[lang]
    }

    /// The declared texts that lack a language: lesson title and summary, section titles, option help.
    /// (Prose, captions and `t(_:)` texts live in section bodies; they are checked as the sections run.)
    public func validate() -> [MissingText] {
        var found: [MissingText] = []
        func check(_ text: L, _ place: String) {
            let missing = text.missingLanguages
            if !missing.isEmpty { found.append(MissingText(place: place, missing: missing)) }
        }
        check(title, "lesson title")
        if let summary { check(summary, "lesson summary") }
        for (i, section) in sections.enumerated() { check(section.title, "section \(i + 1) title") }
        for option in options { check(option.help, "option --\(option.name) help") }
        return found
    }

    /// Runs the lesson with the process's arguments, environment and streams, then exits
    /// with the exit code. First makes sure OpenBLAS uses fast kernels (may re-exec the process).
    public func run() -> Never {
        if let code = finishLive() {
            FileSink.standardOutput.flush()
            FileSink.standardError.flush()
            exit(code)
        }
        OpenBLASCore.ensureFastCore()
        let code = run(arguments: Array(CommandLine.arguments.dropFirst()),
                       environment: ProcessInfo.processInfo.environment,
                       stdout: FileSink.standardOutput, stderr: FileSink.standardError)
        FileSink.standardOutput.flush()
        FileSink.standardError.flush()
        exit(code)
    }

    /// Runs the lesson as the command line `arguments` asks and returns the exit code
    /// (see `ExitCode`). Everything it shows goes to `stdout`, diagnostics and errors to `stderr`.
    public func run(arguments: [String], environment: [String: String],
                    stdout: TextSink, stderr: TextSink) -> Int32 {
        LessonRun(lesson: self, arguments: arguments, environment: environment,
                  stdout: stdout, stderr: stderr).execute()
    }
}

/// An error a lesson throws when the user can fix it; `run` prints the message and the fix.
///
///     throw LessonError(message: "Fashion-MNIST not found in ./data",
///                       fix: "sudo apt-get install dataset-fashion-mnist")
public struct LessonError: Error, LocalizedError, CustomStringConvertible {
    public var message: String
    /// A command or action that fixes the problem.
    public var fix: String?

    public init(message: String, fix: String? = nil) {
        self.message = message
        self.fix = fix
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
