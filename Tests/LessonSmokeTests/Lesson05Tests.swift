import Foundation
import XCTest

/// The claims lesson 05 makes, checked from its real output and CSV files.
final class Lesson05Tests: XCTestCase {
    static let lesson = "lesson-05-regularization"

    /// The numbers a regex captures in `text`, as Doubles.
    func numbers(_ pattern: String, in text: String) -> [[Double]] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: text).flatMap { Double(text[$0]) } }
        }
    }

    /// Rows of a CSV without quoted commas in numeric rows: header fields and numeric rows.
    func readCSV(_ url: URL) throws -> (header: String, rows: [[Double]]) {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) ?? .nan } }
        return (lines[0], rows)
    }

    func testL2MovesTheMinimumAndEqualsWeightDecay() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--no-figures", "--section", "1", "--mu", "0.5"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let points = numbers(#"\((-?[0-9]+\.[0-9]+), (-?[0-9]+\.[0-9]+)\)"#, in: r.stdout)
        XCTAssertEqual(points.count, 4, r.stdout)
        guard points.count == 4 else { return }
        // Without the penalty, SGD finds the bowl's centre (2, 2).
        XCTAssertEqual(points[0][0], 2, accuracy: 1e-3)
        XCTAssertEqual(points[0][1], 2, accuracy: 1e-3)
        // The penalty in the loss, SGD's weightDecay = 2μ and the closed form agree.
        for k in 2...3 {
            XCTAssertEqual(points[1][0], points[k][0], accuracy: 2e-3)
            XCTAssertEqual(points[1][1], points[k][1], accuracy: 2e-3)
        }
        // ... and lie closer to the origin.
        XCTAssertLessThan(hypot(points[1][0], points[1][1]), hypot(points[0][0], points[0][1]) - 0.3)
    }

    func testWeightDecayIsL2ForSGDAndAdamButNotAdamW() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--no-figures", "--section", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = numbers(#"(SGD|Adam|AdamW)\(lr[^)]*\) +[^\n]*?Σφ² +([0-9.e+-]+) +([0-9.e+-]+) +(?:yes|no)"#,
                           in: r.stdout)
        XCTAssertEqual(rows.count, 4, r.stdout)
        guard rows.count == 4 else { return }
        for row in rows.prefix(3) {
            XCTAssertLessThan(row[0], 1e-5, "weight decay should equal (λ/2)·Σφ² in the loss")
            XCTAssertGreaterThan(row[1], 1e-3, "the decay should change the parameters")
        }
        XCTAssertGreaterThan(rows[3][0], 1e-3, "AdamW must differ from Adam + L2")
        // A weight with no data gradient: Adam + L2 moves it by about lr per step whatever λ is,
        // AdamW by the factor (1 − lr·λ) per step.
        let lone = numbers(#"\n *(0\.001|0\.1) +([0-9.]+) +([0-9.]+) +([0-9.]+)"#, in: r.stdout)
        XCTAssertEqual(lone.count, 2, r.stdout)
        guard lone.count == 2 else { return }
        XCTAssertEqual(lone[0][1], lone[1][1], accuracy: 0.02)
        for row in lone {
            XCTAssertEqual(row[2], pow(1 - 0.01 * row[0], 50), accuracy: 1e-4)
        }
    }

    func testSchedulesPreviewOnACopyAndWriteTheLearningRatePerEpoch() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--section", "3,4,5", "--figures", folder.path,
                                                   "--milestones", "5,10", "--gamma", "0.1", "--t-max", "20",
                                                   "--schedule-lr", "0.02", "--schedule-epochs", "30"])
        XCTAssertEqual(r.status, 0, r.stderr)
        // preview leaves the real scheduler untouched; 29 real steps exhaust it (lr 1e-4 · 0.1²).
        XCTAssertEqual(numbers(#"scheduler\.preview\(steps: 30\) +([0-9.e+-]+) +([0-9]+)"#, in: r.stdout).first ?? [],
                       [1e-4, 0], r.stdout)
        XCTAssertEqual(numbers(#"29 × scheduler\.step\(\) +([0-9.e+-]+) +([0-9]+)"#, in: r.stdout).first ?? [],
                       [1e-6, 29], r.stdout)

        let multi = try readCSV(folder.appendingPathComponent("multi_step.csv"))
        XCTAssertTrue(multi.header.hasPrefix("epoch,"), multi.header)
        XCTAssertEqual(multi.rows.count, 30)
        for row in multi.rows {
            let epoch = row[0], passed = Double([5, 10].filter { Double($0) <= epoch }.count)
            XCTAssertEqual(row[1], 1e-4 * pow(0.1, passed), accuracy: 1e-12, "epoch \(epoch)")
        }

        let cosine = try readCSV(folder.appendingPathComponent("cosine_annealing.csv"))
        XCTAssertTrue(cosine.header.hasPrefix("epoch,"), cosine.header)
        XCTAssertEqual(cosine.rows.count, 30)
        for row in cosine.rows {
            let expected = 1e-4 + (0.02 - 1e-4) * (1 + cos(Double.pi * row[0] / 20)) / 2
            XCTAssertEqual(row[1], expected, accuracy: 1e-9, "annealing at epoch \(row[0])")
            XCTAssertEqual(row[2], 1e-4, accuracy: 1e-12, "the original notebook's case is flat")
        }

        let all = try readCSV(folder.appendingPathComponent("lr_schedulers.csv"))
        XCTAssertTrue(all.header.hasPrefix("epoch,"), all.header)
        XCTAssertEqual(all.rows.count, 30)
        XCTAssertEqual(all.rows.map(\.first!), (0..<30).map(Double.init))
    }

    func testEarlyStoppingStopsARealOverfittingRunWhereItPredicted() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--no-figures", "--quick"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let best = numbers(#"best epoch: ([0-9]+)  val_loss = ([0-9.]+)"#, in: r.stdout).first
        let stop = numbers(#"stop after epoch: ([0-9]+) \(patience ([0-9]+)\)"#, in: r.stdout).first
        let last = numbers(#"last epoch: ([0-9]+)  val_loss = ([0-9.]+)  val_acc = [0-9.]+  train_loss = ([0-9.]+)"#, in: r.stdout).first
        guard let best, let stop, let last else { return XCTFail("missing early-stopping lines:\n\(r.stdout)") }
        XCTAssertEqual(stop[0], best[0] + stop[1], "the stop comes `patience` epochs after the best epoch")
        XCTAssertLessThan(stop[0], last[0])
        XCTAssertGreaterThan(last[1], best[1] * 1.05, "the validation loss must rise after the best epoch (overfitting)")
        XCTAssertLessThan(last[2], best[1] / 2, "the training loss keeps falling far below the validation loss")

        // Dropout on numbers: half the elements kept, scaled by 2, the mean kept.
        let kept = numbers(#"on 10⁶ ones: kept ([0-9.]+), mean ([0-9.]+)"#, in: r.stdout).first
        XCTAssertEqual(kept?[0] ?? 0, 0.5, accuracy: 0.005, r.stdout)
        XCTAssertEqual(kept?[1] ?? 0, 1, accuracy: 0.01, r.stdout)

        // Schedules: annealing ends lower than a constant lr of the same budget.
        let constant = numbers(#"\n *constant +([0-9.]+) ± [0-9.]+"#, in: r.stdout).first
        let cosine = numbers(#"\n *CosineAnnealingLR +([0-9.]+) ± [0-9.]+"#, in: r.stdout).first
        guard let constant, let cosine else { return XCTFail("missing schedule rows:\n\(r.stdout)") }
        XCTAssertLessThan(cosine[0], constant[0], "cosine annealing must end at a lower training loss")

        // The comparison: every method has a row in both regimes, and wrong labels cost the
        // unregularized network accuracy (what the regularizers then win back).
        let baseline = numbers(#"\n *no regularization +([0-9.]+) ± [0-9.]+ +— +([0-9.]+) ± [0-9.]+"#, in: r.stdout).first
        guard let baseline else { return XCTFail("missing the baseline row:\n\(r.stdout)") }
        XCTAssertGreaterThan(baseline[0], baseline[1] + 5, "40 % wrong labels must cost accuracy")
        for method in ["L2 (Adam, weight decay)", "AdamW", "Dropout", "early stopping", "augmentation"] {
            let rows = numbers(NSRegularExpression.escapedPattern(for: method)
                               + #" +([+-][0-9.]+) ± [0-9.]+ +(better|worse|within noise) +([+-][0-9.]+) ± [0-9.]+"#,
                               in: r.stdout)
            XCTAssertEqual(rows.count, 1, "no table row for \(method)")
        }
        // Dropout narrows the gap between training and validation accuracy.
        let gaps = numbers(#"\n *(?:no regularization|Dropout\(0\.5\)) +([0-9.]+) ± [0-9.]+ +[0-9.]+ ± [0-9.]+"#, in: r.stdout)
        XCTAssertEqual(gaps.count, 2, r.stdout)
        if gaps.count == 2 { XCTAssertLessThan(gaps[1][0], gaps[0][0] / 2, "dropout must narrow the gap") }
    }

    func testBadFlagsExplainTheFix() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--no-figures", "--section", "4", "--t-max", "0"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--t-max"), r.stderr)
    }
}
