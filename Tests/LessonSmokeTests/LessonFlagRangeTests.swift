import Foundation
import XCTest

/// Every numeric flag of every lesson is checked before any work: a bad value
/// exits 2 with the flag, the value, the valid range and a command that works.
final class LessonFlagRangeTests: XCTestCase {
    /// The mistakes a new user made (issue 15), each with the flag it names.
    static let mistakes: [(lesson: String, flag: String, value: String)] = [
        ("lesson-01-fcnn", "batch", "-1"), ("lesson-01-fcnn", "batch", "0"), ("lesson-01-fcnn", "sizes", "3"),
        ("lesson-01-fcnn", "sizes", "3,-3,2"),
        ("lesson-02-transfer", "epochs", "0"), ("lesson-02-transfer", "epochs", "-1"),
        ("lesson-02-transfer", "source-epochs", "-1"), ("lesson-02-transfer", "search-epochs", "-1"),
        ("lesson-02-transfer", "body-lr", "-0.1"), ("lesson-02-transfer", "lr", "-1"),
        ("lesson-02-transfer", "hidden", "1000000000"), ("lesson-02-transfer", "source", "0,12"),
        ("lesson-03-init", "depth", "1"), ("lesson-03-init", "batch", "0"), ("lesson-03-init", "width", "-3"),
        ("lesson-04-optimizers", "weight-decay", "-5"), ("lesson-04-optimizers", "lr", "-1"),
        ("lesson-04-optimizers", "momentum", "1"), ("lesson-04-optimizers", "betas", "0.9,1"),
        ("lesson-04-optimizers", "steps", "-2"),
        ("lesson-05-regularization", "epochs", "1"), ("lesson-05-regularization", "dropout", "1"),
        ("lesson-05-regularization", "patience", "-1"), ("lesson-05-regularization", "hidden", "0"),
        ("lesson-06-augmentation", "epochs", "0"), ("lesson-06-augmentation", "epochs", "-1"),
        ("lesson-06-augmentation", "batch", "0"), ("lesson-06-augmentation", "subset", "5"),
        ("lesson-07-fashion-mnist", "epochs", "-2"), ("lesson-07-fashion-mnist", "epochs", "0"),
        ("lesson-07-fashion-mnist", "lr", "-1"), ("lesson-07-fashion-mnist", "hidden", "-3"),
        ("lesson-07-fashion-mnist", "hidden", "0"), ("lesson-07-fashion-mnist", "hidden", "1000000000"),
        ("lesson-07-fashion-mnist", "batch-size", "-1"),
        ("lesson-08-best-mlp", "epochs", "2"), ("lesson-08-best-mlp", "hidden", "512,0"),
    ]

    func testEveryListedMistakeExitsTwoWithTheRangeAndAFix() throws {
        for (lesson, flag, value) in Self.mistakes {
            // Without --list a missing check would start the lesson; with it, it just exits 0.
            let result = try LessonRunner.run(lesson, ["--lang", "en", "--\(flag)", value, "--list"])
            let what = "\(lesson) --\(flag) \(value)"
            XCTAssertEqual(result.status, 2, "\(what):\n\(result.stderr)")
            XCTAssertEqual(result.stdout, "", what)
            XCTAssertTrue(result.stderr.hasPrefix("error: --\(flag): got '\(value)'; valid: "), "\(what):\n\(result.stderr)")
            XCTAssertTrue(result.stderr.contains("\nTo fix: swift run \(lesson) --\(flag) "), "\(what):\n\(result.stderr)")
        }
    }

    func testTheFixCommandIsAccepted() throws {
        let result = try LessonRunner.run("lesson-07-fashion-mnist", ["--lang", "en", "--epochs", "0"])
        let fix = try XCTUnwrap(result.stderr.split(separator: "\n").first { $0.hasPrefix("To fix: swift run ") })
        let arguments = fix.dropFirst("To fix: swift run lesson-07-fashion-mnist ".count).split(separator: " ").map(String.init)
        XCTAssertEqual(try LessonRunner.run("lesson-07-fashion-mnist", arguments + ["--list"]).status, 0, "\(arguments)")
    }

    /// Random and extreme values into every numeric option of every lesson (parse
    /// only: `--list` exits before any section): exit 0 or 2, never a signal.
    func testRandomFlagValuesNeverTrap() throws {
        var random = SplitMix64(seed: 15)
        let integers = ["-1", "0", "1", "2", "-9223372036854775808", "9223372036854775807", "99999999999999999999",
                        "1000000000", "1.5", "abc", "", " 7", "0x10", "+3"]
        let numbers = ["-1", "0", "-0.0", "1e308", "-1e308", "1e-320", "nan", "inf", "-inf", "0.5", "1", "1e3", "x", ""]
        var cases: [(lesson: String, flag: String, value: String)] = []
        for lesson in LessonRunner.lessons {
            for (flag, metavar) in try options(of: lesson) {
                let pool: [String]
                switch metavar {
                case "N": pool = integers + ["\(Int(random.next() % 200_000) - 100_000)"]
                case "X": pool = numbers + ["\(Double(Int64(random.next() % 2_000_001) - 1_000_000) / 1000)"]
                case "N,N,...": pool = [",", "1,,2", "1,2,3", "0,1", "-1,5"] + (0..<2).map { _ in
                    (0..<Int(random.next() % 4 + 1)).map { _ in integers[Int(random.next() % UInt64(integers.count))] }
                        .joined(separator: ",") }
                case "X,X,...": pool = [",", "0.9,0.999", "1,1", "nan,0"] + (0..<2).map { _ in
                    (0..<Int(random.next() % 3 + 1)).map { _ in numbers[Int(random.next() % UInt64(numbers.count))] }
                        .joined(separator: ",") }
                default: continue  // text options and switches take any text
                }
                for _ in 0..<2 { cases.append((lesson, flag, pool[Int(random.next() % UInt64(pool.count))])) }
            }
        }
        // Four at a time: each run is a process start, most of the time is waiting.
        var results = [LessonRunner.Result?](repeating: nil, count: cases.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in stride(from: worker, to: cases.count, by: 4) {
                let c = cases[i]
                let result = try? LessonRunner.run(c.lesson, ["--lang", "en", "--\(c.flag)=\(c.value)", "--list"])
                lock.lock(); results[i] = result; lock.unlock()
            }
        }
        for (c, result) in zip(cases, results) {
            let what = "\(c.lesson) --\(c.flag)=\(c.value)"
            guard let result else { XCTFail("\(what) did not start"); continue }
            XCTAssertTrue(result.status == 0 || result.status == 2, "\(what): exit \(result.status)\n\(result.stderr)")
            if result.status == 2 {
                XCTAssertTrue(result.stderr.hasPrefix("error: --\(c.flag)"), "\(what):\n\(result.stderr)")
            }
        }
        let runs = cases.count
        XCTAssertGreaterThan(runs, 80, "the fuzz found too few numeric options")
    }

    /// The lesson's own options and their placeholders, read from its --help.
    private func options(of lesson: String) throws -> [(String, String)] {
        let help = try LessonRunner.run(lesson, ["--help", "--lang", "en"]).stdout
        guard let start = help.range(of: "Lesson options:") else { return [] }
        return help[start.upperBound...].split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard line.hasPrefix("  --"), let flag = words.first else { return nil }
            return (String(flag.dropFirst(2)), words.count > 1 ? String(words[1]) : "")
        }
    }
}

/// A fixed-seed generator, so the fuzz tries the same values on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
