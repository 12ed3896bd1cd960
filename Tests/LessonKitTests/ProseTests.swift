import Console
import XCTest
@testable import LessonKit

final class ProseTests: XCTestCase {
    private let plain = Style(enabled: false)

    func testBlocks() {
        let source = """
        # Title
        A paragraph
        over two lines.

        - first item
          continued
        - second

        1. one
        2) two

            h = a[β + Ω·x]
        """
        XCTAssertEqual(ProseBlock.parse(source), [
            .heading(level: 1, text: "Title"),
            .paragraph("A paragraph over two lines."),
            .bullet("first item continued"),
            .bullet("second"),
            .numbered(marker: "1.", text: "one"),
            .numbered(marker: "2.", text: "two"),
            .preformatted(["h = a[β + Ω·x]"]),
        ])
    }

    func testInlineMarkers() {
        XCTAssertEqual(Inline.parse("a **bold** and *em* and `code`"), [
            InlineSpan(text: "a "), InlineSpan(text: "bold", bold: true), InlineSpan(text: " and "),
            InlineSpan(text: "em", italic: true), InlineSpan(text: " and "), InlineSpan(text: "code", code: true),
        ])
        // A product is not emphasis, an unmatched marker stays.
        XCTAssertEqual(Inline.parse("a * b * c"), [InlineSpan(text: "a * b * c")])
        XCTAssertEqual(Inline.parse("2**k"), [InlineSpan(text: "2**k")])
    }

    func testPlainRenderingDropsMarkersAndWraps() {
        let text = "The **weights** are drawn from *N(0, σ²)* so that the variance of `h_k` stays the same from layer to layer."
        let out = ProseRenderer.terminal(text, width: 40, style: plain)
        XCTAssertFalse(out.contains("*"))
        XCTAssertFalse(out.contains("`"))
        XCTAssertFalse(out.contains("\u{1B}"))
        let lines = out.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 2)
        for line in lines { XCTAssertLessThanOrEqual(line.count, 40, String(line)) }
        XCTAssertEqual(lines.joined(separator: " "),
                       "The weights are drawn from N(0, σ²) so that the variance of h_k stays the same from layer to layer.")
    }

    func testBulletsGetHangingIndent() {
        let out = ProseRenderer.terminal("- a long bullet item that needs to wrap onto the next line", width: 24, style: plain)
        let lines = out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first?.hasPrefix("  • a long"), true, out)
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("    ") && !$0.hasPrefix("     ") }, out)
    }

    func testColouredRenderingStylesAndWrapsByVisibleWidth() {
        let styled = Style(enabled: true)
        let out = ProseRenderer.terminal("## Head\nSome **bold words** here and `code` there, long enough to wrap.",
                                         width: 30, style: styled)
        XCTAssertTrue(out.contains(styled.bold("Head")))
        XCTAssertTrue(out.contains(styled.bold("bold")))
        XCTAssertTrue(out.contains(styled.cyan("code")))
        for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(Style.visibleWidth(String(line)), 30) }
    }

    func testMarkdownExportShiftsHeadingsAndFencesFormulas() {
        let md = ProseRenderer.markdown("# Part\nText *here*.\n\n    y = W·x + b")
        XCTAssertEqual(md, "### Part\n\nText *here*.\n\n```text\ny = W·x + b\n```")
    }
}

final class RussianPluralTests: XCTestCase {
    func testForms() {
        let forms = [0, 1, 2, 4, 5, 11, 12, 21, 22, 25, 101, 111].map { russianPlural($0, "слой", "слоя", "слоёв") }
        XCTAssertEqual(forms, ["слоёв", "слой", "слоя", "слоя", "слоёв", "слоёв", "слоёв", "слой", "слоя", "слоёв", "слой", "слоёв"])
    }
}
