import Foundation

/// Which code cells of the running section have been shown, and the sources already read.
final class CodeCellState {
    /// Source files by path, read once; nil when unreadable.
    var sources: [String: SourceText?] = [:]
    var section: SectionCode?
    var shown: Set<Int> = []
    /// The one line that says why no code is shown was printed.
    var problemShown = false
}

extension LessonRun {
    /// Starts the code of a section: finds its cells and shows the first one.
    func beginCode(file: String, line: Int, silent: Bool) {
        code.section = nil
        code.shown = []
        guard !silent else { return }
        let source: SourceText?
        if let cached = code.sources[file] {
            source = cached
        } else {
            source = (try? String(contentsOfFile: file, encoding: .utf8)).map(SourceText.init)
            code.sources[file] = .some(source)
        }
        guard let source else {
            codeProblem(L(ru: "(код не показан: нет файла с исходным кодом урока \(file))",
                          en: "(code not shown: the lesson's source file \(file) is not found)"))
            return
        }
        do {
            code.section = try SectionCode.extract(file: source, line: line)
        } catch {
            codeProblem(L(ru: "(код не показан: в \(file) на строке \(line) не найден раздел)",
                          en: "(code not shown: no section found at line \(line) of \(file))"))
            return
        }
        showCell(0)
    }

    /// A prose call on `line` returned: the cell after it starts to run.
    func proseEnded(line: Int) {
        guard let section = code.section, let index = section.cellIndex(afterProseAt: line) else { return }
        showCell(index)
    }

    /// Shows cell `index` once, on the terminal (unless `--no-code`) and in the export.
    private func showCell(_ index: Int) {
        guard let section = code.section, index < section.cells.count, !code.shown.contains(index) else { return }
        code.shown.insert(index)
        let cell = section.cells[index]
        guard !cell.isEmpty else { return }
        if !settings.noCode {
            show(CodeRenderer.terminal(cell.text, width: textWidth, style: style) + "\n")
        }
        export.add(.code(cell.text))
    }

    private func codeProblem(_ message: L) {
        guard !code.problemShown, !settings.noCode else { return }
        code.problemShown = true
        show(style.dim(message[settings.lang]) + "\n\n")
    }
}
