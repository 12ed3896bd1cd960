import Tensors
import XCTest
@testable import LessonKit

final class RunTests: LessonTestCase {
    private var figures: String { temporaryFolder.appendingPathComponent("figs").path }

    func testFullRunShowsSectionsOutputAndFigure() throws {
        let sample = Sample()
        let result = run(sample.lesson, ["--figures", figures])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(sample.ran, [1, 2, 3])
        XCTAssertEqual(sample.figureBodies, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: figures + "/curve.png"))
        XCTAssertTrue(result.stdout.contains("→ \(figures)/curve.png"), result.stdout)
        XCTAssertTrue(result.stdout.contains("2. A figure\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  output of one\n"), result.stdout)
        XCTAssertFalse(result.stdout.contains("\u{1B}"), "no escape codes when not on a terminal")
        // Table: header, rule, numbers right-aligned in their column.
        XCTAssertTrue(result.stdout.contains("     σ²      std\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  0.001  1.5e-10\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("    1.0      2.3\n"), result.stdout)
    }

    /// Without --figures a run writes into the untracked runs/<id>/figures (quick runs into
    /// runs/<id>/quick/figures), never into the committed Figures/<id>: only an explicit
    /// --figures Figures/<id> (make figures) replaces the course's figures.
    func testDefaultFiguresFolderIsUnderRunsRelativeToTheCurrentDirectoryAndApartForQuickRuns() throws {
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(temporaryFolder.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        for (arguments, folder) in [([String](), "runs/lesson-99-test/figures"),
                                    (["--quick"], "runs/lesson-99-test/quick/figures")] {
            let sample = Sample()
            let result = run(sample.lesson, ["--section", "2"] + arguments)
            XCTAssertEqual(result.code, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("→ \(folder)/curve.png"), result.stdout)
            XCTAssertTrue(FileManager.default.fileExists(
                atPath: temporaryFolder.appendingPathComponent("\(folder)/curve.png").path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporaryFolder.appendingPathComponent("Figures").path),
                       "a run without --figures must not write the committed Figures/")
    }

    func testSeedResetsTheDefaultGenerator() {
        let lesson = Lesson(id: "seeded", title: L(ru: "С", en: "S"))
        var drawn: [UInt64] = []
        lesson.section(L(ru: "а", en: "a")) { _ in drawn.append(Generator.default.next()) }
        _ = run(lesson, ["--no-figures", "--seed", "5"])
        _ = Generator.default.next()
        _ = run(lesson, ["--no-figures", "--seed=5"])
        XCTAssertEqual(drawn.count, 2)
        XCTAssertEqual(drawn[0], drawn[1])
        XCTAssertEqual(drawn[0], Generator(seed: 5).next())
    }

    func testSectionRunsEarlierSectionsSilently() {
        let sample = Sample()
        let result = run(sample.lesson, ["--section", "3", "--figures", figures])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(sample.ran, [1, 2, 3], "earlier sections must run to rebuild state")
        XCTAssertEqual(sample.figureBodies, 0, "a silent section draws no figure")
        XCTAssertFalse(result.stdout.contains("output of one"), result.stdout)
        XCTAssertFalse(result.stdout.contains("The first"), result.stdout)
        XCTAssertFalse(result.stdout.contains("The problem"), result.stdout)
        XCTAssertFalse(result.stdout.contains("before the figure"), result.stdout)
        XCTAssertTrue(result.stdout.contains("3. Summary"), result.stdout)
        XCTAssertTrue(result.stdout.contains("h has shape [5, 3]"), result.stdout)
    }

    func testProgressBarsAreSilentInSilentSections() {
        let lesson = Lesson(id: "bars", title: L(ru: "Полосы", en: "Bars"))
        for n in 1...2 {
            lesson.section(L(ru: "Обучение \(n)", en: "Training \(n)")) { s in
                let bar = s.progress(total: 4, label: "epoch \(n)")
                bar.advance(by: 4)
                bar.finish()
            }
        }
        let result = run(lesson, ["--no-figures", "--section", "2"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("epoch 1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("epoch 2: 4/4"), result.stderr)
    }

    func testSectionListShowsSeveralAndStopsAfterTheLast() {
        let sample = Sample()
        let result = run(sample.lesson, ["--section=1,2", "--no-figures"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(sample.ran, [1, 2])
        XCTAssertTrue(result.stdout.contains("output of one"))
        XCTAssertTrue(result.stdout.contains("before the figure"))
        XCTAssertFalse(result.stdout.contains("Summary"))
    }

    func testNoFiguresSkipsFigureBodies() {
        let sample = Sample()
        var drawsFigures = true
        sample.lesson.section(L(ru: "Ещё", en: "More")) { s in drawsFigures = s.drawsFigures }
        let result = run(sample.lesson, ["--no-figures"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(sample.figureBodies, 0)
        XCTAssertFalse(drawsFigures)
        XCTAssertFalse(result.stdout.contains("→"), result.stdout)
        XCTAssertNil(sample.lesson.figuresDirectory)
    }

    func testUnwritableFiguresFolderFailsBeforeAnyWork() throws {
        // A regular file where the folder should be: nobody (not even root) can create a folder inside it.
        let blocker = temporaryFolder.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let sample = Sample()
        let result = run(sample.lesson, ["--figures", blocker.path + "/figs"])
        XCTAssertEqual(result.code, Lesson.ExitCode.cannotWrite)
        XCTAssertEqual(sample.ran, [], "nothing may run when figures cannot be saved")
        XCTAssertTrue(result.stderr.contains("cannot write figures"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--figures DIR"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--no-figures"), result.stderr)
    }

    func testUnwritableExportFailsBeforeAnyWork() {
        let sample = Sample()
        let result = run(sample.lesson, ["--no-figures", "--export", temporaryFolder.path + "/missing/lesson.md"])
        XCTAssertEqual(result.code, Lesson.ExitCode.cannotWrite)
        XCTAssertEqual(sample.ran, [])
        XCTAssertTrue(result.stderr.contains("--export FILE.md"), result.stderr)
    }

    func testExportToAFolderOrAReadOnlyFileFailsBeforeAnyWork() throws {
        let readOnly = temporaryFolder.appendingPathComponent("done.md")
        try Data("kept".utf8).write(to: readOnly)
        XCTAssertEqual(chmod(readOnly.path, 0o444), 0)
        defer { chmod(readOnly.path, 0o644) }
        let cases = [(temporaryFolder.path, "is a folder"), (temporaryFolder.path + "/new/x.md", "no such folder"),
                     (readOnly.path, "read-only")]
        for (path, reason) in cases {
            let sample = Sample()
            let result = run(sample.lesson, ["--no-figures", "--export", path])
            XCTAssertEqual(result.code, Lesson.ExitCode.cannotWrite, path)
            XCTAssertEqual(sample.ran, [], "\(path): nothing may run before the export is known to be writable")
            XCTAssertTrue(result.stderr.contains(reason) && result.stderr.contains("--export FILE.md"), result.stderr)
        }
        XCTAssertEqual(try String(contentsOf: readOnly, encoding: .utf8), "kept")
    }

    func testFoundationErrorsReachTheStudentInWords() throws {
        let blocker = temporaryFolder.appendingPathComponent("a-file")
        try Data().write(to: blocker)
        let lesson = Lesson(id: "io", title: L(ru: "Файлы", en: "Files"))
        lesson.section(L(ru: "Папка", en: "Folder")) { _ in
            try FileManager.default.createDirectory(at: blocker.appendingPathComponent("sub"), withIntermediateDirectories: true)
        }
        let result = run(lesson, ["--no-figures"])
        XCTAssertEqual(result.code, 1)
        XCTAssertFalse(result.stderr.contains("Domain=") || result.stderr.contains("CocoaError(") || result.stderr.contains("Code="),
                       result.stderr)
        XCTAssertTrue(result.stderr.contains("error: \(blocker.path)/sub: Not a directory"), result.stderr)
    }

    func testSectionErrorPrintsMessageAndFixAndExitsOne() {
        let lesson = Lesson(id: "failing", title: L(ru: "Ошибка", en: "Failure"))
        var laterRan = false
        lesson.section(L(ru: "Данные", en: "Data")) { s in
            s.print("loading")
            throw LessonError(message: "Fashion-MNIST not found", fix: "sudo apt-get install dataset-fashion-mnist")
        }
        lesson.section(L(ru: "Потом", en: "Later")) { _ in laterRan = true }
        let export = temporaryFolder.appendingPathComponent("failed.md")
        let result = run(lesson, ["--no-figures", "--export", export.path])
        XCTAssertEqual(result.code, 1)
        XCTAssertFalse(laterRan)
        XCTAssertTrue(result.stderr.contains("error: Fashion-MNIST not found"), result.stderr)
        XCTAssertTrue(result.stderr.contains("sudo apt-get install dataset-fashion-mnist"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: export.path), "a failed run writes no export")
    }

    func testValidateFindsMissingLanguages() {
        let lesson = Lesson(id: "half", title: L(ru: "Половина", en: "Half"))
        _ = lesson.option("depth", default: 3, help: L(ru: "глубина", en: ""))
        lesson.section(L(ru: "", en: "Only English")) { _ in }
        lesson.section(L(ru: "Оба", en: "Both")) { _ in }
        let missing = lesson.validate()
        XCTAssertEqual(missing, [MissingText(place: "section 1 title", missing: [.ru]),
                                 MissingText(place: "option --depth help", missing: [.en])])
        let result = run(lesson, ["--no-figures"])
        XCTAssertEqual(result.code, 70)
        XCTAssertTrue(result.stderr.contains("section 1 title: no Russian text"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testCompleteLessonValidates() {
        XCTAssertEqual(Sample().lesson.validate(), [])
    }

    func testMissingLanguageInProseStopsTheRun() {
        let lesson = Lesson(id: "prose", title: L(ru: "Текст", en: "Text"))
        var secondRan = false
        lesson.section(L(ru: "Раз", en: "One")) { s in s.prose(L(ru: "Только по-русски.", en: " ")) }
        lesson.section(L(ru: "Два", en: "Two")) { _ in secondRan = true }
        let result = run(lesson, ["--no-figures", "--lang", "ru"])
        XCTAssertEqual(result.code, 70)
        XCTAssertFalse(secondRan)
        XCTAssertTrue(result.stderr.contains("section 1 prose: no English text"), result.stderr)
    }

    func testExportWeavesTheLessonIntoMarkdown() throws {
        let sample = Sample()
        let docs = temporaryFolder.appendingPathComponent("docs", isDirectory: true)
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let file = docs.appendingPathComponent("lesson.md")
        let result = run(sample.lesson, ["--figures", figures, "--export", file.path])
        XCTAssertEqual(result.code, 0, result.stderr)
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("# A test lesson\n"), text)
        XCTAssertTrue(text.contains("\n## 1. The problem\n"), text)
        XCTAssertTrue(text.contains("\n## 2. A figure\n"), text)
        XCTAssertTrue(text.contains("The first **section**."), text)
        XCTAssertTrue(text.contains("```text\noutput of one\n```"), text)
        XCTAssertTrue(text.contains("![The curve](../figs/curve.png)"), text)
        XCTAssertTrue(text.contains("| σ² | std |\n| ---: | ---: |\n| 0.001 | 1.5e-10 |"), text)
        XCTAssertTrue(text.contains("- one\n- two"), text)
        XCTAssertTrue(text.contains("lesson-99-test --lang en --seed 42"), text)
        // Atomic write: no temporary file left beside it.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: docs.path), ["lesson.md"])
    }

    func testExportWithSectionHoldsOnlyTheShownSection() throws {
        let file = temporaryFolder.appendingPathComponent("only3.md")
        let result = run(Sample().lesson, ["--no-figures", "--section", "3", "--export=\(file.path)"])
        XCTAssertEqual(result.code, 0, result.stderr)
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertFalse(text.contains("The problem"), text)
        XCTAssertTrue(text.contains("## 3. Summary"), text)
    }

    func testConsecutivePrintsFormOneOutputBlock() {
        let doc = ExportDocument()
        doc.add(.output("a\n"))
        doc.add(.output("b\n"))
        let md = doc.markdown(title: "T", preamble: [], exportFile: URL(fileURLWithPath: "/tmp/x.md"))
        XCTAssertEqual(md, "# T\n\n```text\na\nb\n```\n")
    }

    func testRelativePath() {
        XCTAssertEqual(relativePath(from: URL(fileURLWithPath: "/a/b"), to: URL(fileURLWithPath: "/a/c/f.png")),
                       "../c/f.png")
        XCTAssertEqual(relativePath(from: URL(fileURLWithPath: "/a"), to: URL(fileURLWithPath: "/a/c/f.png")),
                       "c/f.png")
    }

    func testColourOnATerminalAndNoColorRespected() {
        let coloured = run(Sample().lesson, ["--no-figures"], environment: ["TERM": "xterm"], terminal: true)
        XCTAssertTrue(coloured.stdout.contains("\u{1B}["), "a terminal gets styled output")
        let plain = run(Sample().lesson, ["--no-figures"], environment: ["TERM": "xterm", "NO_COLOR": "1"],
                        terminal: true)
        XCTAssertEqual(plain.code, 0)
        XCTAssertFalse(plain.stdout.contains("\u{1B}"), plain.stdout)
        XCTAssertTrue(plain.stdout.contains("The first section."), plain.stdout)
    }

    func testVerbosePrintsDiagnosticsOnStderr() {
        let result = run(Sample().lesson, ["--no-figures", "--verbose"])
        XCTAssertTrue(result.stderr.contains("[verbose] seed 42"), result.stderr)
        XCTAssertFalse(result.stdout.contains("[verbose]"))
        XCTAssertFalse(run(Sample().lesson, ["--no-figures"]).stderr.contains("[verbose]"))
    }
}
