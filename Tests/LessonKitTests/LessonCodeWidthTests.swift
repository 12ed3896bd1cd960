import Foundation
import XCTest
@testable import LessonKit

/// Every code cell a lesson shows fits an 80-column projector without wrapping: the
/// terminal shows a cell line behind a two-column gutter (`› `), so it may be 78 wide.
/// Read from the lessons' own sources, as the terminal and the exported documents show them.
final class LessonCodeWidthTests: XCTestCase {
    static let lessonsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Lessons")

    /// `file:line: width: text` for every shown line wider than `width`.
    static func wideLines(in url: URL, width: Int) throws -> [String] {
        let source = try String(contentsOf: url, encoding: .utf8)
        let file = SourceText(source)
        var wide: [String] = []
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.hasPrefix("lesson.section(") {
            let code = try SectionCode.extract(file: file, line: index + 1)
            for cell in code.cells {
                for (text, number) in zip(cell.lines, cell.sourceLines) where text.count > width {
                    wide.append("\(url.lastPathComponent):\(number): \(text.count): \(text)")
                }
            }
        }
        return wide
    }

    func testEveryLessonsCodeFitsEightyColumns() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.lessonsFolder.path)
            .filter { $0.hasPrefix("lesson-") }.sorted()
        XCTAssertGreaterThanOrEqual(folders.count, 8, "the lessons are at \(Self.lessonsFolder.path)")
        for folder in folders {
            let main = Self.lessonsFolder.appendingPathComponent(folder).appendingPathComponent("main.swift")
            let wide = try Self.wideLines(in: main, width: 78)
            XCTAssertTrue(wide.isEmpty, "\(folder): \(wide.count) code lines wrap at 80 columns "
                          + "(a cell line may be 78 wide behind the gutter):\n" + wide.joined(separator: "\n"))
        }
    }

    func testAWideLineIsFound() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("width-\(UUID()).swift")
        defer { try? FileManager.default.removeItem(at: url) }
        try """
        lesson.section(L(ru: "А", en: "A")) { s in
            let short = 1
            let long = [\(String(repeating: "1, ", count: 30))1]
            s.prose(L(ru: "\(String(repeating: "а", count: 120))", en: "a"))
        }
        """.write(to: url, atomically: true, encoding: .utf8)
        let wide = try Self.wideLines(in: url, width: 78)
        XCTAssertEqual(wide.count, 1, "only the long code line, not the prose: \(wide)")
        XCTAssertTrue(wide.first?.contains(":3: 104: let long") == true, "\(wide)")
    }
}
