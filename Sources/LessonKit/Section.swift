import Console
import Foundation
import Plot
import Tensors

/// One numbered section of a running lesson: what a section body writes to.
///
/// Write through `s.print`, not Swift's `print`: only the section's own output is
/// kept out of silent sections and woven into `--export`.
///
/// In a silent section (one that `--section N` runs only to rebuild the state
/// of later ones) everything is computed as usual but nothing is shown,
/// exported or drawn.
public final class Section {
    /// 1-based number of the section.
    public let index: Int
    public let title: L
    /// True when the section runs only to rebuild state for a later one.
    public let isSilent: Bool
    let run: LessonRun

    init(index: Int, title: L, isSilent: Bool, run: LessonRun) {
        self.index = index
        self.title = title
        self.isSilent = isSilent
        self.run = run
    }

    public var lang: Language { run.settings.lang }
    public var quick: Bool { run.settings.quick }
    public var seed: Int { run.settings.seed }
    public var verbose: Bool { run.settings.verbose }
    /// Whether `figure` will call its body: false with `--no-figures` and in silent sections.
    /// Check it to skip work that only feeds a figure.
    public var drawsFigures: Bool { !isSilent && run.figuresDirectory != nil }

    /// `text` in the chosen language.
    public func t(_ text: L) -> String {
        run.check(text, "section \(index) text")
        CSVNames.current?.record(text, shownIn: lang)
        return text[lang]
    }

    /// Explanatory text in markdown-lite (see `ProseBlock`), wrapped to the terminal.
    /// Then the code that follows the call in the source is shown (`line` finds the call).
    public func prose(_ text: L, line: UInt = #line) {
        run.check(text, "section \(index) prose")
        guard !isSilent else { return }
        let source = text[lang]
        run.show(ProseRenderer.terminal(source, width: run.textWidth, style: run.style) + "\n\n")
        run.export.add(.prose(source))
        run.proseEnded(line: Int(line))
    }

    /// Program output, like Swift's `print`: shown as output and kept verbatim in the export.
    /// An `L(ru:en:)` item prints in the run's language.
    public func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
        // Texts are resolved (and so checked for both languages) even in a silent section.
        let shown = items.map { item in (item as? LocalizedText).map { run.resolve($0) } ?? "\(item)" }
        guard !isSilent else { return }
        let text = shown.joined(separator: separator) + terminator
        guard !text.isEmpty else { return }
        run.showOutput(text)
        run.export.add(.output(text))
    }

    /// An aligned table (numbers right-aligned), also exported as a Markdown table.
    /// Headers may mix Strings and `L(ru:en:)` texts: `["epoch", L(ru: "потери", en: "loss")]`.
    public func table(headers: [any DisplayText], rows: [[String]]) {
        let headers = headers.map(\.displayText)
        guard !isSilent else { return }
        show(TextTable(headers: headers, rows: rows))
    }

    /// The same table with cells that may be `L(ru:en:)` texts too, shown in the run's
    /// language: `[["1", L(ru: "да", en: "yes")], ["2", L(ru: "нет", en: "no")]]`.
    public func table(headers: [any DisplayText], rows: [[any DisplayText]]) {
        // Every cell is resolved, and so checked for both languages, even in a silent section.
        let headers = headers.map(\.displayText), rows = rows.map { $0.map(\.displayText) }
        guard !isSilent else { return }
        show(TextTable(headers: headers, rows: rows))
    }

    private func show(_ table: TextTable) {
        run.show(table.terminal(style: run.style, width: run.screenWidth) + "\n\n")
        run.export.add(.table(table))
    }

    /// Draws the figure `name`: `body` builds and returns it, the section saves it
    /// as `<figures folder>/<name>.png` (with its data as `<name>.csv`, both written
    /// atomically) and shows it, as the `{ url in … }` form below does.
    ///
    ///     try s.figure("loss", caption: L(ru: "Потери по эпохам", en: "Loss by epoch")) {
    ///         let fig = Figure(width: 640, height: 400)
    ///         fig.ax.plot(x: epochs, y: losses, label: L(ru: "обучение", en: "training"))
    ///         return fig
    ///     }
    ///
    /// `body` is not called with `--no-figures` or in a silent section.
    public func figure(_ name: String, caption: L, _ body: () throws -> Figure) throws {
        try figure(name, caption: caption) { (url: URL) in try body().savePNG(to: url) }
    }

    /// Draws the figure `name` by calling `body` with `<figures folder>/<name>.png`
    /// (the body writes the file, e.g. `try chart.savePNG(to: url)`), then shows its path
    /// and, on a terminal that can (`--inline-figures`), the figure itself, once per run.
    /// Does nothing with `--no-figures` or in a silent section.
    public func figure(_ name: String, caption: L, body: (URL) throws -> Void) rethrows {
        checkUsage(!name.isEmpty && !name.contains("/"), "figure", "the figure name '\(name)' is not a plain file name",
                   valid: "a name without folder or extension, like \"training\"")
        run.check(caption, "section \(index) figure '\(name)' caption")
        guard !isSilent, let folder = run.figuresDirectory else { return }
        let url = folder.appendingPathComponent(name + ".png")
        try body(url)
        let style = run.style
        let shownPath = run.displayFiguresPath.hasSuffix("/") ? run.displayFiguresPath + name + ".png"
                                                              : run.displayFiguresPath + "/" + name + ".png"
        run.closeOutput()
        var text = style.green("→") + " " + shownPath + "\n"
        text += Inline.wrap([InlineSpan(text: caption[lang])], width: run.textWidth, style: .init(enabled: false),
                            firstPrefix: "  ", restPrefix: "  ").map { style.dim($0) }.joined(separator: "\n")
        run.show(text + "\n\n")
        run.inlineFigures.show(url, name: name, run: run)
        run.export.add(.figure(url, caption: caption[lang]))
    }

    /// A progress bar on the lesson's stderr; silent in a silent section.
    /// The label is a String or an `L(ru:en:)`.
    public func progress(total: Int, label: any DisplayText) -> ProgressBar {
        let label = label.displayText
        run.flushPartialOutput()
        return ProgressBar(total: total, label: label, sink: run.stderr, terminal: run.stderrTerminal)
    }

    /// A framework diagnostic, shown on stderr only with `--verbose`.
    public func diagnostic(_ text: String) {
        run.diagnostic(text)
    }
}
