import Foundation
import XCTest

/// A lesson exported as a document with its code: Markdown with Swift blocks, and a
/// Jupyter notebook that Python's own nbformat accepts and nbconvert renders.
final class NotebookExportTests: XCTestCase {
    let lesson = "lesson-01-fcnn"

    func testMarkdownExportInterleavesCodeWithItsOutput() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("lesson.md")
        let r = try LessonRunner.run(lesson, ["--lang", "en", "--no-figures", "--export", file.path], code: true)
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = try String(contentsOf: file, encoding: .utf8)
        let code = "```swift\nmodel = Net(sizes: sizes)\ns.print(model!)\n```"
        let output = "```text\nNet(\n  (layers): Sequential("
        let codeAt = try XCTUnwrap(text.range(of: code), text).lowerBound
        let outputAt = try XCTUnwrap(text.range(of: output), text).lowerBound
        XCTAssertLessThan(codeAt, outputAt, "the code comes before its output")
        XCTAssertTrue(r.stdout.contains("› model = Net(sizes: sizes)"), "the terminal shows the code too")
    }

    func testNotebookIsValidRendersAndHoldsTheFiguresTheLessonWrote() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = folder.appendingPathComponent("lesson.ipynb")
        let figures = folder.appendingPathComponent("figs")
        let r = try LessonRunner.run(lesson, ["--lang", "ru", "--figures", figures.path, "--export", notebook.path])
        XCTAssertEqual(r.status, 0, r.stderr)

        // The figures inside are the PNG files the lesson wrote, byte for byte.
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: notebook)) as? [String: Any])
        let cells = try XCTUnwrap(json["cells"] as? [[String: Any]])
        let images = cells.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }
            .compactMap { ($0["data"] as? [String: Any])?["image/png"] as? String }
            .compactMap { Data(base64Encoded: $0) }
        let pngs = try FileManager.default.contentsOfDirectory(atPath: figures.path).filter { $0.hasSuffix(".png") }.sorted()
        XCTAssertEqual(images.count, pngs.count)
        XCTAssertEqual(Set(images), Set(try pngs.map { try Data(contentsOf: figures.appendingPathComponent($0)) }))
        XCTAssertTrue(cells.contains { $0["cell_type"] as? String == "code"
                                       && (($0["source"] as? [String])?.joined() ?? "").contains("model = Net(sizes: sizes)") })

        // Same seed, same bytes, wherever the figures go.
        let again = folder.appendingPathComponent("again.ipynb")
        let second = try LessonRunner.run(lesson, ["--lang", "ru", "--figures", folder.appendingPathComponent("other").path,
                                                   "--export", again.path])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try Data(contentsOf: again), try Data(contentsOf: notebook), "the notebook is not reproducible")

        let python = try Self.notebookPython()
        let script = """
        import sys, nbformat
        from nbconvert import HTMLExporter
        nb = nbformat.read(sys.argv[1], as_version=4)
        nbformat.validate(nb)
        body, _ = HTMLExporter().from_notebook_node(nb)
        open(sys.argv[2], "w", encoding="utf-8").write(body)
        """
        let html = folder.appendingPathComponent("lesson.html")
        let check = try Self.runPython(python, ["-c", script, notebook.path, html.path])
        XCTAssertEqual(check.status, 0, "nbformat or nbconvert rejected the notebook:\n\(check.stderr)")
        let page = try String(contentsOf: html, encoding: .utf8)
        XCTAssertEqual(page.components(separatedBy: "src=\"data:image/png;base64,").count - 1, pngs.count)
        XCTAssertTrue(page.contains("Её производная"), "the prose is in the page")
    }

    /// The Python with nbformat and nbconvert: $PYTHON, the CI's venv, or python3.
    /// Missing, the test is skipped with a note, except in CI, where it fails.
    static func notebookPython() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
        var candidates = [root.appendingPathComponent(".venv-ci/bin/python").path, "python3"]
        if let python = environment["PYTHON"], !python.isEmpty { candidates.insert(python, at: 0) }
        for python in candidates {
            if let r = try? runPython(python, ["-c", "import nbformat, nbconvert"]), r.status == 0 { return python }
        }
        let message = "no Python with nbformat and nbconvert (tried \(candidates.joined(separator: ", "))); "
            + "install them with: python3 -m pip install nbformat nbconvert, or set PYTHON"
        struct Missing: Error, CustomStringConvertible { var description: String }
        if environment["CI"] == "true" { throw Missing(description: message) }
        print("note: " + message + "; the notebook validation is skipped")
        throw XCTSkip(message)
    }

    static func runPython(_ python: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
