import Console
import XCTest
@testable import LessonKit

/// Tables and printed output fit the screen (an 80-column projector).
final class ScreenWidthTests: XCTestCase {
    private let plain = Style(enabled: false)

    func testNarrowTableIsUnchanged() {
        let table = TextTable(headers: ["σ²", "std"], rows: [["0.001", "1.5e-10"], ["1.0", "2.3"]])
        XCTAssertEqual(table.terminal(style: plain, width: 80), """
             σ²      std
          ─────  ───────
          0.001  1.5e-10
            1.0      2.3
        """)
    }

    func testWideTableWrapsItsWidestTextColumnAndKeepsNumbersWhole() {
        let long = "a description of the method that is much longer than the room left for it on screen"
        let table = TextTable(headers: ["method", "what it does", "accuracy"],
                              rows: [["dropout", long, "0.8912"], ["L2", "shrinks the weights", "0.8801"]])
        let text = table.terminal(style: plain, width: 50)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertLessThanOrEqual(lines.map(\.count).max()!, 50, text)
        XCTAssertTrue(lines.contains { $0.hasSuffix("0.8912") && $0.contains("dropout") }, text)
        // Every word of the long cell is kept, in order.
        let start = lines[0].distance(from: lines[0].startIndex, to: lines[0].range(of: "what it does")!.lowerBound)
        let column = lines.dropFirst(2).filter { $0.count > start }.map {
            String($0.dropFirst(start).prefix(29)).trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
        XCTAssertTrue(column.contains(long), "\(column)\n\(text)")
        // Wrapped rows are set apart by a blank line.
        XCTAssertTrue(lines.contains(""), text)
    }

    func testOutputLineWrapsAtASpaceWithItsContinuationIndented() {
        let line = "class accuracy: [" + Array(repeating: "0.1234", count: 12).joined(separator: ", ") + "]"
        let text = OutputLines.wrapped(line, continuing: false, width: 40, gutter: "  ")
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertGreaterThan(lines.count, 1)
        XCTAssertLessThanOrEqual(lines.map(\.count).max()!, 40, text)
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("    ") }, text)
        XCTAssertEqual(lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "),
                       line, "wrapping may only break at spaces after commas here")
    }

    func testShortOutputLineIsUntouched() {
        XCTAssertEqual(OutputLines.wrapped("loss 0.25", continuing: false, width: 80, gutter: "│ "), "│ loss 0.25")
    }
}
