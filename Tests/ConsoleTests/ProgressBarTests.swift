import TestSupport
import XCTest
@testable import Console

final class ProgressBarTests: XCTestCase {
    /// A clock the test moves by hand.
    final class FakeClock {
        var now = 0.0
        func read() -> Double { now }
    }

    private func plainTerminal() -> Terminal { Terminal(isTerminal: false, colorEnabled: false, columns: 80) }

    /// `s.progress(total: batches - 10, …)` gone below zero is a usage failure naming the bar.
    func testANegativeTotalIsAUsageFailure() throws {
        try expectUsageFailure(line: #line + 1, ["error: ProgressBar: total is -3 for 'epoch 1'\n", "valid: a number of steps of 0 or more"]) {
            _ = ProgressBar(total: -3, label: "epoch 1", sink: StringSink(), terminal: self.plainTerminal())
        }
    }

    func testPlainOutputHasNoCarriageReturnsOrEscapesAndAtMostQuarterLines() {
        let sink = StringSink()
        let clock = FakeClock()
        let bar = ProgressBar(total: 100, label: "train", sink: sink, terminal: plainTerminal(), clock: clock.read)
        for i in 1...100 {
            clock.now += 0.1
            bar.update(completed: i, metrics: [("loss", String(format: "%.4f", 1.0 / Double(i)))])
        }
        bar.finish()
        XCTAssertFalse(sink.text.contains("\r"))
        XCTAssertFalse(sink.text.contains("\u{1B}"))
        let lines = sink.text.split(separator: "\n").map(String.init)
        // start, 25 %, 50 %, 75 %, finish
        XCTAssertEqual(lines.count, 5, sink.text)
        XCTAssertTrue(lines[0].hasPrefix("train: 0/100"), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("train: 25/100 (25%)"), lines[1])
        XCTAssertTrue(lines[4].hasPrefix("train: 100/100 (100%)"), lines[4])
        XCTAssertTrue(lines[4].contains("loss 0.0100"), lines[4])
        XCTAssertTrue(lines[4].contains("10 it/s"), lines[4])
    }

    func testBigJumpPrintsOneLine() {
        let sink = StringSink()
        let bar = ProgressBar(total: 8, label: "x", sink: sink, terminal: plainTerminal(), clock: { 0 })
        bar.update(completed: 7)
        bar.finish()
        bar.finish()
        XCTAssertEqual(sink.text.split(separator: "\n").count, 3, sink.text)
    }

    func testTerminalRedrawsAreThrottled() {
        let sink = StringSink(isTerminal: true, columns: 100)
        let clock = FakeClock()
        let terminal = Terminal(isTerminal: true, colorEnabled: false, columns: 100)
        let bar = ProgressBar(total: 1000, label: "epoch 1", sink: sink, terminal: terminal, clock: clock.read)
        for i in 1...1000 {
            clock.now += 0.001   // 1 ms per item: redraws every 50 items at most
            bar.update(completed: i)
        }
        bar.finish()
        let redraws = sink.text.filter { $0 == "\r" }.count
        XCTAssertGreaterThan(redraws, 2)
        XCTAssertLessThanOrEqual(redraws, 1000 / 50 + 3)
        XCTAssertTrue(sink.text.hasSuffix("\n"))
        // Every redrawn line fits the window.
        for line in sink.text.split(separator: "\r") {
            XCTAssertLessThan(Style.visibleWidth(String(line)), 100)
        }
    }

    func testSilencedBarWritesNothing() {
        ProgressBar.isSilenced = true
        defer { ProgressBar.isSilenced = false }
        let sink = StringSink()
        let bar = ProgressBar(total: 4, label: "quiet", sink: sink, terminal: plainTerminal(), clock: { 0 })
        bar.advance(by: 4)
        bar.finish()
        XCTAssertEqual(sink.text, "")
    }
}
