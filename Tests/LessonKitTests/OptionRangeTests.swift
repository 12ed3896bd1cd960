import XCTest
@testable import LessonKit

/// Options with a declared range: the parser rejects values outside it before any section runs.
final class OptionRangeTests: LessonTestCase {
    final class Ranged {
        let lesson = Lesson(id: "lesson-98-ranges", title: L(ru: "Диапазоны", en: "Ranges"))
        let epochs: Option<Int>
        let lr: Option<Double>
        let momentum: Option<Double>
        let hidden: Option<[Int]>
        let betas: Option<[Double]>
        var ran = false

        init() {
            epochs = lesson.option("epochs", default: 10, range: 1...1000, help: L(ru: "эпохи", en: "epochs"))
            lr = lesson.option("lr", default: 0.1, range: .above(0, through: 10), help: L(ru: "шаг", en: "learning rate"))
            momentum = lesson.option("momentum", default: 0.9, range: 0..<1, help: L(ru: "моментум", en: "momentum"))
            hidden = lesson.option("hidden", default: [512, 256], range: 1...4096, count: 1...8,
                                   help: L(ru: "скрытые слои", en: "hidden layers"))
            betas = lesson.option("betas", default: [0.9, 0.999], range: 0..<1, count: 2...2, help: L(ru: "беты", en: "betas"))
            lesson.section(L(ru: "Работа", en: "Work")) { [weak self] _ in self?.ran = true }
        }
    }

    func testValuesOutsideTheRangeExitTwoBeforeAnySectionRuns() {
        let cases: [([String], String)] = [
            (["--epochs", "0"], "--epochs: got '0'; valid: [1, 1000]"),
            (["--epochs=-2"], "--epochs: got '-2'; valid: [1, 1000]"),
            (["--epochs", "1001"], "valid: [1, 1000]"),
            (["--lr", "-1"], "--lr: got '-1'; valid: (0, 10]"),
            (["--lr", "0"], "valid: (0, 10]"),
            (["--momentum", "1"], "--momentum: got '1'; valid: [0, 1)"),
            (["--hidden", "1000000000"], "--hidden: got '1000000000'; valid: each in [1, 4096], 1–8 values"),
            (["--hidden", "256,0"], "each in [1, 4096]"),
            (["--betas", "0.9"], "--betas: got '0.9'; valid: each in [0, 1), 2 values"),
            (["--betas", "0.9,1.5"], "each in [0, 1)"),
        ]
        for (arguments, message) in cases {
            let ranged = Ranged()
            let result = run(ranged.lesson, arguments + ["--no-figures"])
            XCTAssertEqual(result.code, 2, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertFalse(ranged.ran, "\(arguments) ran a section")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
        }
    }

    func testTheErrorGivesACommandThatWorks() {
        let result = run(Ranged().lesson, ["--epochs", "-2"])
        XCTAssertTrue(result.stderr.contains("To fix: swift run lesson-98-ranges --epochs 10\n"), result.stderr)
        let russian = run(Ranged().lesson, ["--epochs", "-2", "--lang", "ru"])
        XCTAssertTrue(russian.stderr.contains("--epochs: получено '-2'; допустимо: [1, 1000]"), russian.stderr)
        XCTAssertTrue(russian.stderr.contains("Как исправить: swift run lesson-98-ranges --epochs 10"), russian.stderr)
    }

    func testValuesOnTheEdgesAreAccepted() {
        let ranged = Ranged()
        let result = run(ranged.lesson, ["--epochs", "1000", "--lr", "10", "--momentum", "0", "--hidden", "1,4096",
                                         "--betas", "0,0.999", "--no-figures"])
        XCTAssertEqual(result.code, 0, result.stderr)
        XCTAssertTrue(ranged.ran)
        XCTAssertEqual(ranged.epochs.value, 1000)
        XCTAssertEqual(ranged.hidden.value, [1, 4096])
    }

    func testHelpShowsTheRanges() {
        let help = run(Ranged().lesson, ["--help"]).stdout
        // Wrapped lines joined: the range may break across lines.
        let joined = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for text in ["valid: [1, 1000]", "valid: (0, 10]", "valid: [0, 1)", "valid: each in [1, 4096], 1–8 values"] {
            XCTAssertTrue(joined.contains(text), "help lacks \(text):\n\(help)")
        }
    }

    func testRangeText() {
        XCTAssertEqual(OptionRange(1...).text, "≥ 1")
        XCTAssertEqual(OptionRange<Double>.above(0).text, "> 0")
        XCTAssertEqual(OptionRange(...5).text, "≤ 5")
        XCTAssertTrue(OptionRange(0.0..<1).contains(0))
        XCTAssertFalse(OptionRange(0.0..<1).contains(1))
        XCTAssertFalse(OptionRange<Double>.above(0).contains(0))
    }
}
