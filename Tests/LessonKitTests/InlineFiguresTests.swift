import Foundation
import XCTest
@testable import LessonKit

/// Figures drawn into the terminal: where, how often, and never into a pipe or an export.
final class InlineFiguresTests: LessonTestCase {
    /// A real 1 × 1 PNG, so the protocols get a picture to send.
    private let dot = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!
    private let kittyStart = "\u{1B}_Ga=T,f=100"
    private var figures: String { temporaryFolder.appendingPathComponent("figs").path }
    private let plain = ["LANG": "en_US.UTF-8", "NO_COLOR": "1"]

    /// Two sections; the first draws "dot", the second draws "dot" again and then "ring".
    private func lesson() -> Lesson {
        let lesson = Lesson(id: "lesson-98-inline", title: L(ru: "Рисунки", en: "Figures"))
        let png = dot
        lesson.section(L(ru: "Первый", en: "First")) { s in
            try s.figure("dot", caption: L(ru: "Точка", en: "The dot")) { try png.write(to: $0) }
        }
        lesson.section(L(ru: "Второй", en: "Second")) { s in
            try s.figure("dot", caption: L(ru: "Точка снова", en: "The dot again")) { try png.write(to: $0) }
            try s.figure("ring", caption: L(ru: "Кольцо", en: "The ring")) { try png.write(to: $0) }
        }
        return lesson
    }

    private func count(_ text: String, _ part: String) -> Int { text.components(separatedBy: part).count - 1 }

    func testEachFigureIsDrawnOnceRightUnderItsAnnouncement() throws {
        let result = run(lesson(), ["--figures", figures, "--inline-figures", "kitty"], environment: plain, terminal: true)
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(count(result.stdout, kittyStart), 2, "dot once (though drawn twice) and ring")
        let announcement = "→ \(figures)/dot.png\n  The dot\n\n"
        let range = try XCTUnwrap(result.stdout.range(of: announcement), result.stdout)
        let image = "\u{1B}_Ga=T,f=100,q=2,m=0;" + dot.base64EncodedString() + "\u{1B}\\\n\n"
        XCTAssertTrue(result.stdout[range.upperBound...].hasPrefix(image), "the exact PNG, under the line that names it")
        XCTAssertTrue(result.stdout.contains("→ \(figures)/ring.png\n  The ring\n\n" + kittyStart))
    }

    func testNothingIsDrawnIntoAPipeOrTheExport() throws {
        let export = temporaryFolder.appendingPathComponent("lesson.md")
        let piped = run(lesson(), ["--figures", figures, "--inline-figures", "kitty", "--export", export.path],
                        environment: plain, terminal: false)
        XCTAssertEqual(piped.code, 0, piped.stderr)
        XCTAssertFalse(piped.stdout.contains("\u{1B}"), piped.stdout)

        let onTerminal = run(lesson(), ["--figures", figures, "--inline-figures", "kitty", "--export", export.path],
                             environment: plain, terminal: true)
        XCTAssertEqual(count(onTerminal.stdout, kittyStart), 2)
        let document = try String(contentsOf: export, encoding: .utf8)
        XCTAssertTrue(document.contains("![The dot](figs/dot.png)"), document)
        XCTAssertFalse(document.contains("\u{1B}"), "the export links the PNG and carries no escape sequence")
    }

    func testAutoFollowsTheEnvironmentAndOffTurnsItOff() {
        var kitty = plain
        kitty["KITTY_WINDOW_ID"] = "1"
        let auto = run(lesson(), ["--figures", figures], environment: kitty, terminal: true)
        XCTAssertEqual(count(auto.stdout, kittyStart), 2, "auto is the default")
        XCTAssertFalse(run(lesson(), ["--figures", figures, "--inline-figures=off"], environment: kitty, terminal: true)
            .stdout.contains(kittyStart))
        XCTAssertFalse(run(lesson(), ["--no-figures", "--inline-figures=kitty"], environment: kitty, terminal: true)
            .stdout.contains(kittyStart))
        // A terminal that names nothing is asked directly; a string sink has no terminal to ask.
        XCTAssertFalse(run(lesson(), ["--figures", figures], environment: plain, terminal: true).stdout.contains("\u{1B}"))
    }

    func testASilentSectionDrawsNothingAndTheShownOneDrawsOnce() {
        let result = run(lesson(), ["--figures", figures, "--inline-figures", "iterm", "--section", "2"],
                         environment: plain, terminal: true)
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertEqual(count(result.stdout, "\u{1B}]1337;File=inline=1;"), 2)
        XCTAssertFalse(result.stdout.contains("The dot\n"), "section 1 ran silently")
        XCTAssertTrue(result.stdout.contains("The dot again\n\n\u{1B}]1337;File=inline=1;size=\(dot.count);"))
    }

    func testABadModeIsAUsageError() {
        let result = run(lesson(), ["--inline-figures", "png"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.stderr.contains("--inline-figures: expected auto, iterm, kitty, sixel or off, got 'png'"),
                      result.stderr)
        let help = run(lesson(), ["--help"], environment: plain).stdout
        XCTAssertTrue(help.contains("--inline-figures M"), help)
    }
}
