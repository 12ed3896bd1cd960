import XCTest
@testable import Console

final class TerminalTests: XCTestCase {
    func testColourOnlyOnATerminal() {
        XCTAssertTrue(Terminal.colorEnabled(isTerminal: true, environment: ["TERM": "xterm-256color"]))
        XCTAssertFalse(Terminal.colorEnabled(isTerminal: false, environment: ["TERM": "xterm-256color"]))
    }

    func testNoColorDisablesWithAnyValueEvenEmpty() {
        XCTAssertFalse(Terminal.colorEnabled(isTerminal: true, environment: ["NO_COLOR": "1", "TERM": "xterm"]))
        XCTAssertFalse(Terminal.colorEnabled(isTerminal: true, environment: ["NO_COLOR": "", "TERM": "xterm"]))
    }

    func testDumbTerminalHasNoColour() {
        XCTAssertFalse(Terminal.colorEnabled(isTerminal: true, environment: ["TERM": "dumb"]))
    }

    func testColumnsFallBackToCOLUMNSThen80() {
        XCTAssertEqual(Terminal.columns(windowColumns: 132, environment: ["COLUMNS": "60"]), 132)
        XCTAssertEqual(Terminal.columns(windowColumns: nil, environment: ["COLUMNS": "60"]), 60)
        XCTAssertEqual(Terminal.columns(windowColumns: nil, environment: ["COLUMNS": "wide"]), 80)
        XCTAssertEqual(Terminal.columns(windowColumns: nil, environment: [:]), 80)
    }

    func testTerminalFromSinkAndEnvironment() {
        let tty = Terminal(sink: StringSink(isTerminal: true, columns: 100), environment: ["TERM": "xterm"])
        XCTAssertTrue(tty.colorEnabled)
        XCTAssertEqual(tty.columns, 100)
        let pipe = Terminal(sink: StringSink(), environment: ["TERM": "xterm", "COLUMNS": "70"])
        XCTAssertFalse(pipe.colorEnabled)
        XCTAssertEqual(pipe.columns, 70)
    }

    func testStyleIsPlainWhenDisabled() {
        let plain = Style(enabled: false)
        XCTAssertEqual(plain.bold("x"), "x")
        XCTAssertEqual(plain.cyan(plain.underline("title")), "title")
        let coloured = Style(enabled: true)
        XCTAssertEqual(coloured.bold("x"), "\u{1B}[1mx\u{1B}[22m")
        XCTAssertNotEqual(coloured.red("x"), "x")
    }

    func testVisibleWidthIgnoresEscapeCodes() {
        let s = Style(enabled: true)
        XCTAssertEqual(Style.visibleWidth(s.bold("Вес") + " " + s.cyan("σ²")), 6)
    }

    func testClockText() {
        XCTAssertEqual(ProgressBar.clockText(5), "0:05")
        XCTAssertEqual(ProgressBar.clockText(125.4), "2:05")
        XCTAssertEqual(ProgressBar.clockText(3725), "1:02:05")
    }
}
