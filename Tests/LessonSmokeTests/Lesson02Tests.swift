import Foundation
import XCTest

final class Lesson02Tests: XCTestCase {
    func testTransferLessonLoadsWithoutTheHeadAndComparesThreeWays() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("source.safetensors").path
        let r = try LessonRunner.run("lesson-02-transfer", ["--quick", "--lang", "en", "--no-figures", "--checkpoint", checkpoint,
                                                            "--labelled", "100"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdout
        // Every method of the lecture points to a lesson command.
        for command in ["lesson-03-init", "lesson-04-optimizers", "lesson-05-regularization", "lesson-06-augmentation",
                        "lesson-07-fashion-mnist"] {
            XCTAssertTrue(out.contains("swift run \(command)"), command)
        }
        // The search ran every depth × width.
        XCTAssertEqual(out.components(separatedBy: "\n").filter { $0.range(of: #"^\s+[123]\s+(16|64|256)\s"#, options: .regularExpression) != nil }.count, 9, out)
        // The checkpoint was written, and loading it into a headless model reports the old head like PyTorch.
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint))
        XCTAssertTrue(out.contains("Unexpected key(s) in state_dict: \"head.bias\", \"head.weight\"."), out)
        XCTAssertTrue(out.contains("_IncompatibleKeys(missing_keys=[], unexpected_keys=['head.bias', 'head.weight'])"))
        XCTAssertTrue(out.contains("_IncompatibleKeys(missing_keys=['head.weight', 'head.bias'], unexpected_keys=[])"))
        // 100 labelled images, 20 per class, for all three ways.
        let prose = out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(prose.contains("\"Few labels\" means 100 images here: 20 per class"), out)
        XCTAssertTrue(prose.contains("All three ways of training get these same 100 images"))
        // The frozen model trains only its head (256·5 + 5 = 1285 parameters), and its body does not move.
        let frozen = try XCTUnwrap(out.components(separatedBy: "\n").first { $0.hasPrefix("  frozen body") && $0.contains("%") })
        XCTAssertTrue(frozen.contains("1 285"), frozen)
        XCTAssertTrue(frozen.hasSuffix(" 0"), frozen)
        XCTAssertTrue(out.contains("Trainable params: 1,285"), out)
        XCTAssertTrue(out.contains("(200,960)"), "the frozen layer's count in parentheses")
        let tuning = try XCTUnwrap(out.components(separatedBy: "\n").first { $0.hasPrefix("  fine tuning") && $0.contains("1e-4, 1e-2") })
        XCTAssertTrue(tuning.contains("2"), tuning)
    }

    /// The gain curve on the quick data (50, 100 and 250 labels, 4 seeds): every
    /// row's verdict follows from its own mean and standard error, the prose
    /// names the same counts, and the frozen body falls behind training from
    /// scratch at 250 labels by more than two standard errors.
    func testGainCurveVerdictsFollowFromTheSpread() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("source.safetensors").path
        let r = try LessonRunner.run("lesson-02-transfer", ["--quick", "--lang", "en", "--no-figures", "--checkpoint", checkpoint,
                                                            "--section", "7"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = Self.curveRows(r.stdout)
        XCTAssertEqual(rows.map(\.labels), [50, 100, 250], r.stdout)
        let prose = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var helped: [Int] = []
        for row in rows {
            let (gain, error) = (row.numbers[6], row.numbers[7])
            let expected = gain > 2 * error ? "helps" : (gain < -2 * error ? "hurts" : "noise")
            XCTAssertEqual(row.verdict, expected, "\(row)")
            // gain = fine-tuned − scratch, up to rounding of the printed means.
            XCTAssertEqual(gain, row.numbers[4] - row.numbers[0], accuracy: 0.15, "\(row)")
            if expected == "helps" { helped.append(row.labels) }
        }
        if helped.isEmpty {
            XCTAssertTrue(prose.contains("So here transfer does not pay off at any label count tried"), prose)
        } else {
            XCTAssertTrue(prose.contains("by more than two standard errors at \(helped.map(String.init).joined(separator: ", ")) labelled images"), prose)
        }
        // The frozen body: 250 labels are enough for the whole network to beat a linear head on frozen features.
        let last = try XCTUnwrap(rows.last)
        XCTAssertGreaterThan(last.numbers[0] - last.numbers[2], 5, "scratch − frozen at 250 labels, points: \(last)")
        XCTAssertGreaterThan(last.numbers[0] - last.numbers[2], 2 * (last.numbers[1] + last.numbers[3]), "\(last)")
        XCTAssertTrue(prose.contains("The frozen body falls behind training from scratch at") && prose.contains("250 labels"), prose)
    }

    func testGainCurveRepeatsWithTheSameSeed() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["--quick", "--lang", "en", "--no-figures", "--checkpoint", folder.appendingPathComponent("s.safetensors").path,
                         "--section", "7", "--curve-labels", "50", "--curve-seeds", "2", "--curve-steps", "20", "--depths", "1", "--widths", "16"]
        let first = try LessonRunner.run("lesson-02-transfer", arguments), second = try LessonRunner.run("lesson-02-transfer", arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(Self.curveRows(first.stdout).map(\.numbers), Self.curveRows(second.stdout).map(\.numbers))
        XCTAssertEqual(Self.curveRows(first.stdout).count, 1, first.stdout)
    }

    /// Rows "  50  78.4 ± 1.3  73.8 ± 1.6  77.2 ± 1.5  -1.1 ± 0.7  noise" of the curve's table.
    static func curveRows(_ out: String) -> [(labels: Int, numbers: [Double], verdict: String)] {
        out.split(separator: "\n").compactMap { line in
            let fields = line.replacingOccurrences(of: "±", with: " ").split(separator: " ").map(String.init)
            guard fields.count == 10, let labels = Int(fields[0]), ["helps", "noise", "hurts"].contains(fields[9]) else { return nil }
            let numbers = fields[1...8].compactMap { Double($0.replacingOccurrences(of: "+", with: "")) }
            return numbers.count == 8 ? (labels, numbers, fields[9]) : nil
        }
    }

    func testOverlappingTasksAreRefused() throws {
        let r = try LessonRunner.run("lesson-02-transfer", ["--quick", "--lang", "en", "--no-figures", "--source", "0,1,2", "--target", "2,3"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--source and --target share classes [2]"), r.stderr)
    }
}
