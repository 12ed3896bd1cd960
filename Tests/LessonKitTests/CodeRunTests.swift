import Console
import Files
import XCTest
@testable import LessonKit

/// Code cells in a run, the notebook export, and sections that run where they are declared.
final class CodeRunTests: LessonTestCase {
    func testEachCellShowsWhenItStartsBeforeItsOutput() throws {
        let result = run(Sample().lesson, ["--no-figures"])
        XCTAssertEqual(result.code, 0, result.stderr)
        let out = result.stdout
        let order = ["1. The problem", "› self?.ran.append(1)", "The first section.", #"› s.print("output of one")"#,
                     "output of one", "2. A figure", "› self?.ran.append(2)"]
        let positions = try order.map { try XCTUnwrap(out.range(of: $0), "missing: \($0)\n\(out)").lowerBound }
        XCTAssertEqual(positions, positions.sorted(), out)
        XCTAssertFalse(out.contains("s.prose("), "prose is shown as text, never as code")
        XCTAssertEqual(out.components(separatedBy: "› self?.ran.append(1)").count, 2, "each cell once")

        let hidden = run(Sample().lesson, ["--no-figures", "--no-code"])
        XCTAssertEqual(hidden.code, 0)
        XCTAssertFalse(hidden.stdout.contains("›"), hidden.stdout)
        XCTAssertTrue(hidden.stdout.contains("output of one"))
    }

    func testACellInALoopShowsOnce() {
        let lesson = Lesson(id: "lesson-98-loop", title: L(ru: "Цикл", en: "Loop"))
        lesson.section(L(ru: "Раз", en: "One")) { s in
            for k in 0..<3 {
                s.prose(L(ru: "шаг \(k)", en: "step \(k)"))
            }
            s.print("done")
        }
        let out = run(lesson, ["--no-figures"]).stdout
        XCTAssertEqual(out.components(separatedBy: "› for k in 0..<3 {").count, 2, out)
        XCTAssertTrue(out.contains("›     s.prose(…)"), out)
        XCTAssertTrue(out.contains("step 2"))
    }

    func testMissingSourceGivesOneDimLineAndTheLessonRuns() {
        let lesson = Lesson(id: "lesson-97-gone", title: L(ru: "Без кода", en: "No code"))
        for n in 1...2 {
            lesson.section(L(ru: "Раздел \(n)", en: "Section \(n)"), file: "/no/such/folder/main.swift", line: 3) { s in
                s.print("ran \(n)")
            }
        }
        let result = run(lesson, ["--no-figures"], terminal: true)
        XCTAssertEqual(result.code, 0)
        XCTAssertEqual(result.stdout.components(separatedBy: "code not shown").count, 2, result.stdout)
        XCTAssertTrue(result.stdout.contains(Style(enabled: true).dim(
            "(code not shown: the lesson's source file /no/such/folder/main.swift is not found)")))
        XCTAssertTrue(result.stdout.contains("ran 2"))
    }

    func testMarkdownExportHasSwiftBlocksBetweenProseAndOutput() throws {
        let file = temporaryFolder.appendingPathComponent("lesson.md")
        let result = run(Sample().lesson, ["--no-figures", "--no-code", "--export", file.path])
        XCTAssertEqual(result.code, 0, result.stderr)
        let text = try String(contentsOf: file, encoding: .utf8)
        let expected = "```swift\nself?.ran.append(1)\n```\n\nThe first **section**.\n\n"
            + "```swift\ns.print(\"output of one\")\n```\n\n```text\noutput of one\n```"
        XCTAssertTrue(text.contains(expected), text)
    }

    func testNotebookExportHoldsCellsOutputsAndTheFigureBytes() throws {
        let file = temporaryFolder.appendingPathComponent("lesson.ipynb")
        let figures = temporaryFolder.appendingPathComponent("figs")
        let result = run(Sample().lesson, ["--figures", figures.path, "--export", file.path])
        XCTAssertEqual(result.code, 0, result.stderr)
        let data = try Data(contentsOf: file)
        let notebook = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(notebook["nbformat"] as? Int, 4)
        let metadata = try XCTUnwrap(notebook["metadata"] as? [String: Any])
        XCTAssertEqual((metadata["language_info"] as? [String: Any])?["name"] as? String, "swift")
        let cells = try XCTUnwrap(notebook["cells"] as? [[String: Any]])
        func source(_ cell: [String: Any]) -> String { (cell["source"] as? [String])?.joined() ?? "" }
        let code = cells.filter { $0["cell_type"] as? String == "code" }
        let printing = try XCTUnwrap(code.first { source($0) == #"s.print("output of one")"# })
        let outputs = try XCTUnwrap(printing["outputs"] as? [[String: Any]])
        XCTAssertEqual(outputs.count, 1)
        XCTAssertEqual(outputs[0]["output_type"] as? String, "stream")
        XCTAssertEqual((outputs[0]["text"] as? [String])?.joined(), "output of one\n")
        XCTAssertTrue(cells.contains { $0["cell_type"] as? String == "markdown" && source($0) == "The first **section**." })

        let images = code.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }
            .compactMap { ($0["data"] as? [String: Any])?["image/png"] as? String }
        XCTAssertEqual(images.count, 1)
        XCTAssertEqual(Data(base64Encoded: images[0]), try Data(contentsOf: figures.appendingPathComponent("curve.png")))
        let ids = cells.compactMap { $0["id"] as? String }
        XCTAssertEqual(ids, (1...cells.count).map { "cell-\($0)" })

        // Same run, same bytes: nothing in the file depends on time or place.
        let again = temporaryFolder.appendingPathComponent("again.ipynb")
        XCTAssertEqual(run(Sample().lesson, ["--figures", figures.path, "--export", again.path]).code, 0)
        XCTAssertEqual(try Data(contentsOf: again), data)
    }

    func testJSONEscapesWhatJSONRequires() {
        XCTAssertEqual(jsonQuoted("a\"b\\c\nd\te\u{1}ё"), #""a\"b\\c\nd\te\u0001ё""#)
        XCTAssertEqual(JSON.object(["b": .int(1), "a": .array([.null])]).rendered(),
                       "{\n \"a\": [\n  null\n ],\n \"b\": 1\n}")
    }

    // MARK: - Sections that run where they are declared

    private func live(_ arguments: [String]) -> (Lesson, StringSink, StringSink) {
        let lesson = Lesson(id: "lesson-96-live", title: L(ru: "Живой", en: "Live"))
        let out = StringSink(isTerminal: false, columns: nil), err = StringSink(isTerminal: false, columns: nil)
        lesson.startLive(arguments: arguments + ["--no-figures"], environment: ["LANG": "en_US.UTF-8"],
                         stdout: out, stderr: err, exits: false, sourceFile: nil)
        return (lesson, out, err)
    }

    func testOnlyAScriptRunsItsSectionsWhereTheyAreDeclared() {
        XCTAssertTrue(Lesson(id: "lesson-94-a", title: L(ru: "а", en: "a"), file: "/src/Lessons/lesson-94-a/main.swift").isScript)
        XCTAssertFalse(Lesson(id: "lesson-94-b", title: L(ru: "б", en: "b")).isScript, "built in a test: run(arguments:) runs it")
    }

    func testCodeBetweenSectionsRunsWhereItStands() {
        let (lesson, out, _) = live([])
        var trace: [String] = []
        lesson.section(L(ru: "Первый", en: "First")) { s in trace.append("first"); s.print("one") }
        trace.append("between")
        out.write("[between]\n")
        lesson.section(L(ru: "Второй", en: "Second")) { s in trace.append("second"); s.print("two") }
        XCTAssertEqual(lesson.finishLive(), 0)
        XCTAssertEqual(trace, ["first", "between", "second"])
        let text = out.text
        let positions = ["Live", "1. First", "one", "[between]", "2. Second", "two"].map { text.range(of: $0)?.lowerBound }
        XCTAssertFalse(positions.contains(nil), text)
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), text)
    }

    func testAFailedSectionEndsTheLiveRun() {
        let (lesson, _, err) = live([])
        var ran: [Int] = []
        lesson.section(L(ru: "Первый", en: "First")) { _ in ran.append(1); throw LessonError(message: "broken") }
        lesson.section(L(ru: "Второй", en: "Second")) { _ in ran.append(2) }
        XCTAssertEqual(lesson.finishLive(), Lesson.ExitCode.failure)
        XCTAssertEqual(ran, [1])
        XCTAssertTrue(err.text.contains("broken"))
    }

    func testLiveSectionFlagListAndHelpRunNoBodyTheyNeedNot() {
        var (lesson, out, _) = live(["--section", "2"])
        var ran: [Int] = []
        for n in 1...3 { lesson.section(L(ru: "Р\(n)", en: "S\(n)")) { _ in ran.append(n) } }
        XCTAssertEqual(lesson.finishLive(), 0)
        XCTAssertEqual(ran, [1, 2], "section 1 silently, 2 shown, 3 not needed")
        XCTAssertTrue(out.text.contains("2. S2") && !out.text.contains("1. S1"), out.text)

        for flag in ["--list", "--help"] {
            (lesson, out, _) = live([flag])
            ran = []
            for n in 1...3 { lesson.section(L(ru: "Р\(n)", en: "S\(n)")) { _ in ran.append(n) } }
            XCTAssertEqual(lesson.finishLive(), 0)
            XCTAssertEqual(ran, [])
            XCTAssertTrue(out.text.contains(flag == "--list" ? "3. S3" : "--section"), "\(flag):\n\(out.text)")
        }

        (lesson, _, _) = live(["--no-such-flag"])
        XCTAssertEqual(lesson.finishLive(), Lesson.ExitCode.usage, "a mistake ends the run before the first section")
        lesson.section(L(ru: "Р", en: "S")) { _ in ran.append(9) }
        XCTAssertEqual(ran, [])

        (lesson, _, _) = live(["--section", "4"])
        ran = []
        for n in 1...3 { lesson.section(L(ru: "Р\(n)", en: "S\(n)")) { _ in ran.append(n) } }
        XCTAssertEqual(lesson.finishLive(), Lesson.ExitCode.usage)
    }
}

final class TimingTests: LessonTestCase {
    func testNoTimingsLeavesRunTimesOut() {
        let lesson = Lesson(id: "lesson-95-time", title: L(ru: "Время", en: "Time"))
        var shown: [String] = []
        lesson.section(L(ru: "Раз", en: "One")) { _ in shown.append(lesson.seconds(1.25, decimals: 2)) }
        XCTAssertEqual(run(lesson, ["--no-figures", "--lang", "en"]).code, 0)
        XCTAssertEqual(run(lesson, ["--no-figures", "--lang", "ru"]).code, 0)
        XCTAssertEqual(run(lesson, ["--no-figures", "--no-timings"]).code, 0)
        XCTAssertEqual(shown, ["1.25\u{00A0}s", "1.25\u{00A0}с", "—"])
    }
}
