import Foundation
import XCTest

final class Lesson02Tests: XCTestCase {
    func testTransferLessonLoadsWithoutTheHeadAndComparesThreeWays() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("source.safetensors").path
        let r = try LessonRunner.run("lesson-02-transfer", ["--quick", "--lang", "en", "--no-figures", "--checkpoint", checkpoint,
                                                            "--labelled", "90"])
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
        // 90 labelled images of the three new classes, 30 per class, for all three ways.
        let prose = out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(prose.contains("\"Few labels\" means 90 images here: 30 per class"), out)
        XCTAssertTrue(prose.contains("All three ways of training get these same 90 images"))
        // The frozen model trains only its head (256·3 + 3 = 771 parameters), and its body does not move.
        let lines = out.components(separatedBy: "\n")
        let frozenSetup = try XCTUnwrap(lines.first { $0.hasPrefix("  frozen body") && $0.contains("1e-2") })
        XCTAssertTrue(frozenSetup.contains(" 771 "), frozenSetup)
        let frozenRun = try XCTUnwrap(lines.first { $0.hasPrefix("  frozen body") && $0.contains("%") })
        XCTAssertTrue(frozenRun.hasSuffix(" 0"), frozenRun)
        XCTAssertTrue(out.contains("Trainable params: 771"), out)
        XCTAssertTrue(out.contains("(200,960)"), "the frozen layer's count in parentheses")
        let tuning = try XCTUnwrap(lines.first { $0.hasPrefix("  fine tuning") && $0.contains("1e-3, 1e-2") })
        XCTAssertTrue(tuning.contains("2"), tuning)
    }

    /// The gain curve on the quick data (15, 60 and 150 labels of pullover, coat
    /// and shirt, 8 seeds, a body trained one epoch on the seven other classes):
    /// every row's verdict agrees with its own mean and standard error, and the
    /// lesson's claim holds there: fine tuning beats training from scratch beyond
    /// noise at 15 and at 150 labels (60 is within noise on the quick data), while
    /// the frozen body falls behind at 150 labels.
    func testGainCurveShowsTransferBeyondNoise() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("source.safetensors").path
        let r = try LessonRunner.run("lesson-02-transfer", ["--quick", "--lang", "en", "--no-figures", "--checkpoint", checkpoint,
                                                            "--section", "8"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = Self.curveRows(r.stdout)
        XCTAssertEqual(rows.map(\.labels), [15, 60, 150], r.stdout)
        let prose = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let t = 2.365  // Student's 97.5 % quantile for 8 seeds
        var helped: [Int] = []
        for row in rows {
            let (gain, error) = (row.numbers[6], row.numbers[7])
            // Away from the boundary (printed numbers are rounded), the verdict follows from the interval.
            if gain - t * error > 0.2 { XCTAssertEqual(row.verdict, "better", "\(row)") }
            if gain + t * error < -0.2 { XCTAssertEqual(row.verdict, "worse", "\(row)") }
            if abs(gain) < t * error - 0.2 { XCTAssertEqual(row.verdict, "noise", "\(row)") }
            // gain = fine-tuned − scratch, up to rounding of the printed means.
            XCTAssertEqual(gain, row.numbers[4] - row.numbers[0], accuracy: 0.15, "\(row)")
            if row.verdict == "better" { helped.append(row.labels) }
            // The claim: transfer helps beyond noise on the hard new task, with few labels and with more.
            if [15, 150].contains(row.labels) {
                XCTAssertEqual(row.verdict, "better", "\(row)")
                XCTAssertGreaterThan(gain, 1, "\(row)")
            }
        }
        let helpedList = helped.map(String.init).joined(separator: ", ")
        XCTAssertTrue(prose.contains("Fine tuning beats training from scratch beyond noise at \(helpedList) labelled images"), prose)
        // The relative reading: the share of scratch's errors that fine tuning removes, from the table's own numbers.
        let share = try XCTUnwrap(prose.range(of: #"fine tuning removes (-?\d+) % of them at 15 labels and (-?\d+) % at 150"#,
                                              options: .regularExpression).map { String(prose[$0]) }, prose)
        let words = share.split(separator: " ")
        let shares = words.indices.dropLast().filter { words[$0 + 1] == "%" }.compactMap { Double(words[$0]) }
        XCTAssertEqual(shares.count, 2, share)
        for (row, printed) in zip([rows[0], rows[2]], shares) {
            XCTAssertEqual(printed, 100 * row.numbers[6] / (100 - row.numbers[0]), accuracy: 1.5, "\(row) \(share)")
        }
        // The frozen body: 150 labels are enough for the whole network to beat a linear head on frozen features.
        let last = try XCTUnwrap(rows.last)
        XCTAssertGreaterThan(last.numbers[0] - last.numbers[2], 2, "scratch − frozen at 150 labels, points: \(last)")
        XCTAssertTrue(prose.contains("The frozen body falls behind training from scratch at") && prose.contains("150 labels"), prose)
    }

    func testGainCurveRepeatsWithTheSameSeed() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["--quick", "--lang", "en", "--no-figures", "--checkpoint", folder.appendingPathComponent("s.safetensors").path,
                         "--section", "8", "--curve-labels", "15", "--curve-seeds", "2", "--curve-steps", "20", "--depths", "1", "--widths", "16"]
        let first = try LessonRunner.run("lesson-02-transfer", arguments), second = try LessonRunner.run("lesson-02-transfer", arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(Self.curveRows(first.stdout).map(\.numbers), Self.curveRows(second.stdout).map(\.numbers))
        XCTAssertEqual(Self.curveRows(first.stdout).count, 1, first.stdout)
    }

    /// Long runs get fewer seeds: at 240 labels a run needs 15 steps (3 epochs of batch 50) against
    /// 10 at 15 labels, so it gets 8 · 10 / 15 = 5 seeds, and the table says so.
    func testLongRunsGetFewerSeeds() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try LessonRunner.run("lesson-02-transfer", ["--quick", "--lang", "en", "--no-figures", "--section", "8",
                                                            "--checkpoint", folder.appendingPathComponent("s.safetensors").path,
                                                            "--curve-labels", "15,240", "--curve-steps", "10", "--curve-seeds", "8"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(Self.curveRows(r.stdout).map(\.labels), [15, 240], r.stdout)
        let prose = r.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(prose.contains("mean ± s.e. over 8 seeds (5 at 240);"), prose)
        XCTAssertTrue(prose.contains("(long runs fewer times: 5 seeds at 240 labels)"), prose)
        XCTAssertTrue(prose.contains(" for 8 seeds, 2.78 for 5 seeds)"), prose)
    }

    /// Rows "  15  48.5 ± 1.8  51.7 ± 2.0  52.2 ± 1.6  +3.7 ± 0.5  better" of the curve's table.
    static func curveRows(_ out: String) -> [(labels: Int, numbers: [Double], verdict: String)] {
        out.split(separator: "\n").compactMap { line in
            let fields = line.replacingOccurrences(of: "±", with: " ").split(separator: " ").map(String.init)
            guard fields.count == 10, let labels = Int(fields[0]), ["better", "noise", "worse"].contains(fields[9]) else { return nil }
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
