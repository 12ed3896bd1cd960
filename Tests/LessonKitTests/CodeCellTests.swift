import Console
import XCTest
@testable import LessonKit

/// The code of a section as cells: found in the source, cut at prose, verbatim.
final class CodeCellTests: XCTestCase {
    func testBracesInStringsCommentsAndInterpolationsDoNotEndTheBody() throws {
        let source = #"""
        lesson.section(L(ru: "{", en: "}")) { s in
            let a = "}"  // }
            /* { nested /* } */ */
            let b = "\(["}": 1]["}"]!) }"
            let c = #"}\(a)"#
            let d = """
                }
                """
            s.print(a, b, c, d)
        }
        let after = 1
        """#
        let code = try SectionCode.extract(source: source, line: 1)
        XCTAssertEqual(code.body, 2...9)
        XCTAssertEqual(code.cells.count, 1)
        XCTAssertEqual(code.cells[0].lines.first, #"let a = "}"  // }"#)
        XCTAssertEqual(code.cells[0].lines.last, "s.print(a, b, c, d)")
        XCTAssertEqual(code.cells[0].indent, 4)
    }

    func testProseStatementsSplitCellsAndNestedProseLeavesAMarker() throws {
        let source = """
        lesson.section(L(ru: "А", en: "A")) { sec in
            let x = 1
            sec.prose(L(
                ru: "текст с ) и (",
                en: "text with ) and ("))
            sec.print(x)

            sec.prose(L(ru: "а", en: "a"))
            if x > 0 {
                sec.prose(L(ru: "б",
                            en: "b"))
            }
            sec.prose(L(ru: "в", en: "c"))
        }
        """
        let code = try SectionCode.extract(source: source, line: 1)
        XCTAssertEqual(code.prose, [3...5, 8...8, 13...13])
        XCTAssertEqual(code.nestedProse, [10...11])
        XCTAssertEqual(code.cells.map(\.lines), [
            ["let x = 1"],
            ["sec.print(x)"],
            ["if x > 0 {", "    sec.prose(…)", "}"],
            [],
        ])
        XCTAssertEqual(code.cells[2].sourceLines, [9, 10, 12])
        XCTAssertEqual(code.cellIndex(afterProseAt: 3), 1)
        XCTAssertEqual(code.cellIndex(afterProseAt: 5), 1)
        XCTAssertEqual(code.cellIndex(afterProseAt: 13), 3)
        XCTAssertNil(code.cellIndex(afterProseAt: 10))
    }

    func testNoSectionOnTheLineIsAFailureNotACrash() {
        XCTAssertThrowsError(try SectionCode.extract(source: "let x = 1\n", line: 1))
        XCTAssertThrowsError(try SectionCode.extract(source: "let x = 1\n", line: 40))
        XCTAssertThrowsError(try SectionCode.extract(source: "lesson.section(L(ru: \"a\", en: \"a\"))\n", line: 1))
    }

    func testTerminalRenderingColoursFoldsAndStaysPlainWithoutColour() {
        let cell = #"let x = 42 // the answer"# + "\n" + "s.print(\"" + String(repeating: "word ", count: 30) + "\")"
        let plain = CodeRenderer.terminal(cell, width: 80, style: Style(enabled: false))
        XCTAssertFalse(plain.contains("\u{1B}"))
        let lines = plain.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.first, "› let x = 42 // the answer")
        XCTAssertGreaterThan(lines.count, 2, "a long line is folded")
        XCTAssertTrue(lines.dropFirst(2).allSatisfy { $0.hasPrefix("↪ ") })
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 }, "\(lines)")

        let coloured = CodeRenderer.terminal(cell, width: 80, style: Style(enabled: true))
        XCTAssertTrue(coloured.contains(Style(enabled: true).magenta("let")))
        XCTAssertTrue(coloured.contains(Style(enabled: true).yellow("42")))
        XCTAssertTrue(coloured.contains(Style(enabled: true).grey("// the answer")))
        XCTAssertTrue(coloured.contains("\u{1B}[32m\"word word"), "a string starts green")
    }

    /// Every lesson: each cell line is the source's own line (less the cell's indentation),
    /// every code line of a body is shown, no prose statement is shown as code.
    func testEveryLessonsCodeIsShownVerbatimAndCompletely() throws {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Lessons").standardizedFileURL
        let folders = try FileManager.default.contentsOfDirectory(atPath: lessons.path).filter { $0.hasPrefix("lesson-") }
        XCTAssertEqual(folders.count, 8)
        for folder in folders {
            let path = lessons.appendingPathComponent(folder).appendingPathComponent("main.swift").path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let file = SourceText(text)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let sectionLines = lines.indices.filter { lines[$0].hasPrefix("lesson.section(") }.map { $0 + 1 }
            XCTAssertEqual(sectionLines.count, Lesson.sectionCount(inFile: path), folder)
            for line in sectionLines {
                let code = try SectionCode.extract(file: file, line: line)
                let place = "\(folder) section at line \(line)"
                let body = try XCTUnwrap(code.body, place)
                var shown = Set<Int>()
                for cell in code.cells {
                    for (k, n) in cell.sourceLines.enumerated() {
                        let original = lines[n - 1]
                        XCTAssertTrue(original.isEmpty || original.prefix(cell.indent).allSatisfy { $0 == " " }, place)
                        let expected = original.isEmpty ? "" : String(original.dropFirst(cell.indent))
                        if code.nestedProse.contains(where: { $0.lowerBound == n }) {
                            XCTAssertEqual(cell.lines[k], SectionCode.proseMarker(expected), place)
                        } else {
                            XCTAssertEqual(cell.lines[k], expected, place)
                        }
                        shown.insert(n)
                    }
                }
                let proseLines = Set((code.prose + code.nestedProse).flatMap { Array($0) })
                var proseCalls = 0
                for n in body {
                    let line = lines[n - 1]
                    proseCalls += line.components(separatedBy: "s.prose(").count - 1
                    if code.prose.contains(where: { $0.contains(n) }) {
                        XCTAssertFalse(shown.contains(n), "\(place): prose line \(n) shown as code")
                    } else if !line.trimmingCharacters(in: .whitespaces).isEmpty, !proseLines.contains(n) {
                        XCTAssertTrue(shown.contains(n), "\(place): code line \(n) is never shown: \(line)")
                    }
                }
                XCTAssertEqual(code.prose.count + code.nestedProse.count, proseCalls,
                               "\(place): a prose call is not alone on its lines, so it would show as code")
            }
        }
    }
}
