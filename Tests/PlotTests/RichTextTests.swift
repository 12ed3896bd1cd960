import XCTest
import CCairo
@testable import Plot

final class RichTextTests: XCTestCase {
    typealias N = RichText.Node

    func testPlainTextIsOneNode() {
        XCTAssertEqual(RichText.parse("Функция потерь"), [.text("Функция потерь")])
        XCTAssertEqual(RichText.parse(""), [])
    }

    func testSingleCharacterScripts() {
        XCTAssertEqual(RichText.parse("x^2 + y"), [.text("x"), .scripts(superscript: [.text("2")], subscript: nil), .text(" + y")])
        XCTAssertEqual(RichText.parse("β_1"), [.text("β"), .scripts(superscript: nil, subscript: [.text("1")])])
    }

    func testBracedGroups() {
        XCTAssertEqual(RichText.parse("h_{k+1}"), [.text("h"), .scripts(superscript: nil, subscript: [.text("k+1")])])
        XCTAssertEqual(RichText.parse("10^{-3}"), [.text("10"), .scripts(superscript: [.text("-3")], subscript: nil)])
        XCTAssertEqual(RichText.parse("D_{in}"), [.text("D"), .scripts(superscript: nil, subscript: [.text("in")])])
    }

    func testSuperAndSubscriptStackOnOneBase() {
        let expected: [N] = [.text("σ"), .scripts(superscript: [.text("2")], subscript: [.text("Ω")])]
        XCTAssertEqual(RichText.parse("σ^2_Ω"), expected)
        XCTAssertEqual(RichText.parse("σ_Ω^2"), expected)
    }

    func testNestedScripts() {
        XCTAssertEqual(RichText.parse("e^{x_i}"),
                       [.text("e"), .scripts(superscript: [.text("x"), .scripts(superscript: nil, subscript: [.text("i")])], subscript: nil)])
    }

    func testEscapesAreLiteral() {
        XCTAssertEqual(RichText.parse(#"train\_loss"#), [.text("train_loss")])
        XCTAssertEqual(RichText.parse(#"a\^b \{c\} \\"#), [.text(#"a^b {c} \"#)])
        XCTAssertEqual(RichText.parse(RichText.escaped("val_loss^2 {x}")), [.text("val_loss^2 {x}")])
    }

    func testMalformedMarkupStaysLiteral() {
        XCTAssertEqual(RichText.parse("x^"), [.text("x^")])
        XCTAssertEqual(RichText.parse("a_{b"), [.text("a_{b")])
        XCTAssertEqual(RichText.parse("a ^ b"), [.text("a ^ b")])
    }

    func testPlainTextDropsMarkup() {
        XCTAssertEqual(RichText.plainText("σ^2_Ω = 10^{-3}"), "σ^2_Ω = 10^{-3}")
        XCTAssertEqual(RichText.plainText("h_{k+1}, x_{1}\nD_in"), "h_{k+1}, x_1 D_in")
        XCTAssertEqual(RichText.plainText(#"train\_loss"#), "train_loss")
    }

    func testScriptsAreSmallerAndShifted() {
        // Measured layout: a superscript run is smaller and sits above the baseline.
        let figure = Figure()
        _ = figure.plotAreas() // exercises layout without drawing
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1)!
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr); cairo_surface_destroy(surface) }
        let painter = Painter(context: cr)
        let block = painter.measure("x^2_i", size: 10)
        XCTAssertEqual(block.runs.count, 3)
        XCTAssertEqual(block.runs[1].size, 7, accuracy: 1e-9)
        XCTAssertLessThan(block.runs[1].y, 0)
        XCTAssertGreaterThan(block.runs[2].y, 0)
        XCTAssertEqual(block.runs[1].x, block.runs[2].x, "stacked scripts start at the same x")
        XCTAssertGreaterThan(painter.measure("x^{22}", size: 10).width, painter.measure("x", size: 10).width)
    }
}
