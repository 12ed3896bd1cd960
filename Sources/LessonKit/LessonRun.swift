import Console
import Foundation
import Tensors

/// One execution of a lesson: parsed settings, where output goes, the export being woven.
final class LessonRun {
    /// The run whose sections are running now: `LocalizedText.displayText` resolves in its language.
    nonisolated(unsafe) static weak var current: LessonRun?
    let lesson: Lesson
    let arguments: [String]
    let environment: [String: String]
    let stdout: TextSink
    let stderr: TextSink
    let stdoutTerminal: Terminal
    let stderrTerminal: Terminal
    var settings: Settings
    var figuresDirectory: URL?
    var displayFiguresPath = ""
    let export = ExportDocument()
    let inlineFigures = InlineFigures()
    let code = CodeCellState()
    let csvNames = CSVNames()
    var missingText: [MissingText] = []
    private var currentSectionSilent = false
    /// The section running now (1-based), named by usage-failure messages.
    var currentSectionIndex: Int?
    private var outputOpen = false
    /// The output line being printed, shown when it ends.
    private var pendingOutput = ""
    /// True when part of the current output line is already on screen.
    private var continuingLine = false
    private var sectionsShown = 0

    init(lesson: Lesson, arguments: [String], environment: [String: String], stdout: TextSink, stderr: TextSink) {
        self.lesson = lesson
        self.arguments = arguments
        self.environment = environment
        self.stdout = stdout
        self.stderr = stderr
        stdoutTerminal = Terminal(sink: stdout, environment: environment)
        stderrTerminal = Terminal(sink: stderr, environment: environment)
        settings = Settings(lang: Lesson.language(arguments: arguments, environment: environment))
    }

    var style: Style { stdoutTerminal.style }
    var errorStyle: Style { stderrTerminal.style }
    /// Prose is wrapped to the terminal, but never wider than comfortable reading.
    var textWidth: Int { max(min(stdoutTerminal.columns, 100), 30) }
    /// Tables, rulers and output lines never grow wider than this.
    var screenWidth: Int { max(stdoutTerminal.columns, 30) }
    private var lang: Language { settings.lang }

    // MARK: - The run

    func execute() -> Int32 {
        if let code = prepare() { return code }
        // A test may run several lessons in one process: the reporter and the CSV names go with the run.
        defer {
            removeUsageFailureReporter()
            csvNames.uninstall()
            if LessonRun.current === self { LessonRun.current = nil }
        }
        for index in lesson.sections.indices {
            if let code = runSection(index + 1) { return code }
        }
        return finish()
    }

    /// Parses, checks and shows the title: everything before the first section.
    /// Returns an exit code when the run ends here (help, list, a mistake).
    func prepare() -> Int32? {
        do {
            settings = try lesson.parse(arguments: arguments, environment: environment)
        } catch let error as UsageError {
            if !arguments.contains("--help") && !arguments.contains("-h") {
                return usageError(error)
            }
        } catch {
            return usageError(UsageError(message: L(ru: "\(error)", en: "\(error)")))
        }
        if settings.help || arguments.contains("--help") || arguments.contains("-h") {
            stdout.write(helpText())
            return Lesson.ExitCode.success
        }
        let missing = lesson.validate()
        guard missing.isEmpty else { return incompleteText(missing) }
        if settings.list {
            stdout.write(listText())
            return Lesson.ExitCode.success
        }
        apply()
        if let code = checkWritableOutputs() { return code }

        Generator.default.manualSeed(UInt64(settings.seed))
        if settings.verbose {
            for line in OpenBLASCore.report { diagnostic(line) }
            diagnostic("seed \(settings.seed), language \(lang.rawValue), quick \(settings.quick), "
                       + "figures \(figuresDirectory?.path ?? "off")")
        }
        showTitle()
        installUsageFailureReporter()
        csvNames.install()   // English CSV column names whatever --lang draws
        LessonRun.current = self
        return nil
    }

    /// After the last section: the `--section` numbers must exist, then the export is written.
    func finish() -> Int32 {
        if !missingText.isEmpty { return incompleteText(missingText) }
        if let shown = settings.shownSections, let missing = shown.first(where: { $0 > lesson.sections.count }) {
            let count = lesson.sections.count
            return usageError(UsageError(message: L(
                ru: "--section: ожидался номер раздела от 1 до \(count) или список через запятую, получено '\(missing)'",
                en: "--section: expected a section number from 1 to \(count), or a comma-separated list, got '\(missing)'")))
        }
        return writeExport()
    }

    /// Copies the settings onto the lesson, where section bodies read them.
    private func apply() {
        lesson.lang = settings.lang
        lesson.seed = settings.seed
        lesson.quick = settings.quick
        lesson.verbose = settings.verbose
        lesson.showsTimings = !settings.noTimings
        if settings.noFigures {
            figuresDirectory = nil
        } else {
            displayFiguresPath = settings.figuresPath ?? lesson.defaultFiguresPath
            figuresDirectory = URL(fileURLWithPath: displayFiguresPath, isDirectory: true).standardizedFileURL
        }
        lesson.figuresDirectory = figuresDirectory
    }

    /// Fails before any work when the figures folder or the export's folder cannot be written.
    private func checkWritableOutputs() -> Int32? {
        if let folder = figuresDirectory, let reason = writabilityProblem(folder: folder, create: true) {
            return fail(Lesson.ExitCode.cannotWrite, L(
                ru: "не удаётся записать рисунки в папку '\(displayFiguresPath)': \(reason).\n"
                    + "Укажите другую папку: --figures ПАПКА, или обойдитесь без рисунков: --no-figures.",
                en: "cannot write figures to the folder '\(displayFiguresPath)': \(reason).\n"
                    + "Choose another folder with --figures DIR, or run without figures with --no-figures."))
        }
        if let path = settings.exportPath {
            let folder = exportURL(path).deletingLastPathComponent()
            if let reason = writabilityProblem(folder: folder, create: false)
                ?? exportFileProblem(url: exportURL(path)) {
                return fail(Lesson.ExitCode.cannotWrite, L(
                    ru: "не удаётся записать документ '\(path)': \(reason).\nУкажите файл в существующей папке, куда можно писать: --export ФАЙЛ.md.",
                    en: "cannot write the document '\(path)': \(reason).\nChoose a file in an existing, writable folder: --export FILE.md."))
            }
        }
        return nil
    }

    private func exportURL(_ path: String) -> URL { URL(fileURLWithPath: path).standardizedFileURL }

    /// True when `--section` leaves nothing to show after section `index`.
    func isPastLastShown(_ index: Int) -> Bool {
        guard let last = settings.shownSections?.max() else { return false }
        return index > last
    }

    /// Runs section `index` (1-based), silently when `--section` does not show it.
    /// Returns an exit code when the run must end (the section failed).
    func runSection(_ index: Int) -> Int32? {
        guard !isPastLastShown(index) else { return nil }
        let entry = lesson.sections[index - 1]
        check(entry.title, "section \(index) title")
        if !missingText.isEmpty { return incompleteText(missingText) }
        let silent = settings.shownSections.map { !$0.contains(index) } ?? false
        // --pause waits between shown sections: before each one but the first.
        if settings.pause, !silent, sectionsShown > 0, Terminal.isTerminal(STDIN_FILENO) {
            stdout.write(style.dim(lang == .ru ? "[Enter — следующий раздел]" : "[Enter — next section]"))
            stdout.flush()
            _ = readLine()
        }
        if !silent { sectionsShown += 1 }
        let section = Section(index: index, title: entry.title, isSilent: silent, run: self)
        currentSectionSilent = silent
        currentSectionIndex = index
        ProgressBar.isSilenced = silent
        defer {
            currentSectionIndex = nil
            currentSectionSilent = false
            ProgressBar.isSilenced = false
        }
        if !silent { showSectionHeader(index, entry.title) }
        beginCode(file: entry.file, line: entry.line, silent: silent)
        let started = ProgressBar.monotonicSeconds()
        do {
            try entry.body(section)
        } catch {
            closeOutput()
            stdout.flush()
            return sectionFailed(index, error)
        }
        if !missingText.isEmpty { return incompleteText(missingText) }
        closeOutput()
        if settings.verbose {
            diagnostic(String(format: "section %d%@ took %.2f s", index, silent ? " (silent)" : "",
                              ProgressBar.monotonicSeconds() - started))
        }
        stdout.flush()
        return nil
    }

    private func writeExport() -> Int32 {
        guard let path = settings.exportPath else { return Lesson.ExitCode.success }
        let url = exportURL(path)
        var preamble: [String] = []
        if let summary = lesson.summary { preamble.append(summary[lang]) }
        var command = "\(lesson.id) --lang \(lang.rawValue) --seed \(settings.seed)"
        if settings.quick { command += " --quick" }
        if let shown = settings.shownSections { command += " --section " + shown.map(String.init).joined(separator: ",") }
        preamble.append(lang == .ru ? "*Документ создан командой `\(command)`.*" : "*Generated by `\(command)`.*")
        do {
            let document = url.pathExtension.lowercased() == "ipynb"
                ? export.notebook(title: lesson.title[lang], preamble: preamble)
                : export.markdown(title: lesson.title[lang], preamble: preamble, exportFile: url)
            try writeAtomically(document, to: url)
        } catch {
            return fail(Lesson.ExitCode.cannotWrite, L(ru: "не удаётся записать документ '\(path)': \(reason(error))",
                                                       en: "cannot write the document '\(path)': \(reason(error))"))
        }
        stdout.write(style.green("→") + " " + path + "\n")
        return Lesson.ExitCode.success
    }

    // MARK: - Showing

    /// Text for the reader; nothing in a silent section.
    func show(_ text: String) {
        guard !currentSectionSilent else { return }
        closeOutput()
        stdout.write(text)
    }

    /// Program output, each line behind a gutter so it reads apart from the prose.
    /// A line wider than the screen wraps (at a space when it can) with its
    /// continuation indented, so nothing runs off an 80-column projector.
    func showOutput(_ text: String) {
        guard !currentSectionSilent, !text.isEmpty else { return }
        var out = ""
        for ch in text {
            if ch == "\n" {
                out += OutputLines.wrapped(pendingOutput, continuing: continuingLine, width: screenWidth,
                                           gutter: gutter) + "\n"
                pendingOutput = ""
                continuingLine = false
            } else {
                pendingOutput.append(ch)
            }
        }
        stdout.write(out)
        outputOpen = true
    }

    private var gutter: String { style.enabled ? style.dim("│ ") : "  " }

    /// Shows an unfinished output line as it stands (before a progress bar, say).
    func flushPartialOutput() {
        guard !pendingOutput.isEmpty else { return }
        stdout.write((continuingLine ? "" : gutter) + pendingOutput)
        pendingOutput = ""
        continuingLine = true
        stdout.flush()
    }

    /// Ends a block of program output with a blank line.
    func closeOutput() {
        guard outputOpen else { return }
        flushPartialOutput()
        stdout.write(continuingLine ? "\n\n" : "\n")
        continuingLine = false
        outputOpen = false
    }

    private func showTitle() {
        let title = lesson.title[lang]
        var info = [lesson.id, "seed \(settings.seed)"]
        if settings.quick { info.append("quick") }
        stdout.write(style.bold(title) + "\n" + style.bold(String(repeating: "═", count: min(title.count, screenWidth))) + "\n"
                     + style.dim(info.joined(separator: " · ")) + "\n\n")
    }

    private func showSectionHeader(_ index: Int, _ title: L) {
        let heading = "\(index). \(title[lang])"
        stdout.write(style.bold(style.cyan(heading)) + "\n"
                     + style.cyan(String(repeating: "─", count: min(heading.count, screenWidth))) + "\n\n")
        export.add(.heading(heading))
    }

    func diagnostic(_ text: String) {
        guard settings.verbose else { return }
        stderr.write(errorStyle.grey("[verbose] " + text) + "\n")
    }

    /// `text` in the run's language: checked for both languages (reported after the
    /// section, like prose) and recorded for the English CSV column names.
    func resolve(_ text: LocalizedText) -> String {
        check(text, currentSectionIndex.map { "section \($0) text" } ?? "text outside the sections")
        csvNames.record(text, shownIn: lang)
        return text[lang]
    }

    func check(_ text: L, _ place: String) {
        let missing = text.missingLanguages
        if !missing.isEmpty, !missingText.contains(where: { $0.place == place && $0.missing == missing }) {
            missingText.append(MissingText(place: place, missing: missing))
        }
    }

    // MARK: - Failures

    private func usageError(_ error: UsageError) -> Int32 {
        stderr.write(errorStyle.red(lang == .ru ? "ошибка: " : "error: ") + error.message[lang] + "\n")
        if let fix = error.fix { stderr.write((lang == .ru ? "Как исправить: " : "To fix: ") + fix + "\n") }
        stderr.write(lang == .ru ? "Справка: '\(lesson.id) --help'\n" : "Try '\(lesson.id) --help'\n")
        return Lesson.ExitCode.usage
    }

    private func fail(_ code: Int32, _ message: L) -> Int32 {
        stderr.write(errorStyle.red(lang == .ru ? "ошибка: " : "error: ") + message[lang] + "\n")
        return code
    }

    private func sectionFailed(_ index: Int, _ error: Error) -> Int32 {
        let message = userMessage(error)
        stderr.write(errorStyle.red("error: ") + message + "\n")
        if let fix = (error as? LessonError)?.fix {
            stderr.write((lang == .ru ? "Как исправить: " : "To fix: ") + fix + "\n")
        }
        stderr.write(errorStyle.dim(lang == .ru ? "(в разделе \(index) «\(lesson.sections[index - 1].title[lang])»)"
                                                : "(in section \(index), “\(lesson.sections[index - 1].title[lang])”)") + "\n")
        return Lesson.ExitCode.failure
    }

    private func incompleteText(_ missing: [MissingText]) -> Int32 {
        stderr.write("error: the lesson's text is incomplete; every text needs Russian and English:\n")
        for m in missing { stderr.write("  - \(m)\n") }
        return Lesson.ExitCode.incompleteText
    }
}
