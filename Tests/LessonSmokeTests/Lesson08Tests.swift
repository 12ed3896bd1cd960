import Foundation
import XCTest

final class Lesson08Tests: XCTestCase {
    /// The final table's rows: (index, chosen?, val mean, test mean, source).
    struct Row { let index: Int; let chosen: Bool; let val: Double; let test: Double; let source: String }

    func finalTable(_ out: String) throws -> [Row] {
        let header = try XCTUnwrap(out.range(of: #"test ± s\.e\. +epochs +time +source"#, options: .regularExpression))
        return out[header.upperBound...].split(separator: "\n").prefix(while: { !$0.contains("final model") }).compactMap { line in
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = cells.first, let index = Int(first), cells.count > 6 else { return nil }
            // Accuracies are printed with four decimals; method names may hold other numbers ("batch 128").
            let numbers = cells.filter { $0.range(of: #"^[01]\.[0-9]{4}$"#, options: .regularExpression) != nil }.compactMap { Double($0) }
            guard numbers.count >= 4 else { return nil }
            return Row(index: index, chosen: cells[1] == "*", val: numbers[0], test: numbers[2], source: String(cells.last!))
        }
    }

    /// Wide lines, so that table rows and log lines are not wrapped.
    let wide = ["COLUMNS": "200"]

    func testQuickLadderCachesChoosesOnValidationAndSavesPyTorchNames() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["--quick", "--lang", "en", "--no-figures", "--seeds", "2", "--checkpoints", folder.path]

        let first = try LessonRunner.run("lesson-08-best-mlp", arguments, environment: wide)
        XCTAssertEqual(first.status, 0, first.stderr)
        let rows = try finalTable(first.stdout)
        XCTAssertEqual(rows.map(\.index), Array(0..<11), first.stdout)
        XCTAssertTrue(rows.allSatisfy { $0.source == "trained" }, "an empty cache folder cannot be reused")
        // The chosen rung is the one with the best mean validation accuracy, whatever the test column says.
        let chosen = try XCTUnwrap(rows.first(where: \.chosen))
        XCTAssertEqual(chosen.val, rows.map(\.val).max()!)
        XCTAssertEqual(rows.filter(\.chosen).count, 1)
        XCTAssertTrue(first.stdout.contains("final model (rung \(chosen.index), "), first.stdout)

        // One checkpoint per rung and seed plus the best model; no temporary files left.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(files.filter { $0.hasSuffix(".safetensors") }.count, 11 * 2 + 1, "\(files)")
        XCTAssertFalse(files.contains { $0.hasSuffix(".tmp") })

        // The best model's header: PyTorch's nn.Sequential names and [out, in] weight shapes.
        let header = try safetensorsHeader(folder.appendingPathComponent("best-mlp.safetensors"))
        let names = header.keys.filter { $0 != "__metadata__" }.sorted()
        XCTAssertEqual(names.first, "layers.0.bias")
        XCTAssertTrue(names.allSatisfy { $0.range(of: #"^layers\.[0-9]+\.(weight|bias)$"#, options: .regularExpression) != nil }, "\(names)")
        let firstWeight = try XCTUnwrap(header["layers.0.weight"] as? [String: Any])
        XCTAssertEqual((firstWeight["shape"] as? [Int])?.last, 784)
        XCTAssertEqual(firstWeight["dtype"] as? String, "F32")
        let metadata = try XCTUnwrap(header["__metadata__"] as? [String: String])
        let finalLine = try XCTUnwrap(first.stdout.firstMatch(of: #/final model \(rung (\d+), [^)]*\): val_acc ([0-9.]+)/#))
        XCTAssertEqual(Int(finalLine.1), chosen.index)
        XCTAssertEqual(metadata["val_accuracy"], String(finalLine.2))

        // Second run: every rung is read back, and the table is the same.
        let second = try LessonRunner.run("lesson-08-best-mlp", arguments, environment: wide)
        XCTAssertEqual(second.status, 0, second.stderr)
        let again = try finalTable(second.stdout)
        XCTAssertTrue(again.allSatisfy { $0.source == "cache" }, second.stdout)
        XCTAssertEqual(again.map(\.val), rows.map(\.val))
        XCTAssertEqual(again.map(\.test), rows.map(\.test))
        XCTAssertEqual(second.stdout.components(separatedBy: "reused checkpoint, not trained").count - 1, 22)

        // A damaged checkpoint is reported and that rung (only) trains again, to the same numbers:
        // one that is not safetensors at all, one whose header is intact over a damaged weight.
        let damaged = try XCTUnwrap(files.first { $0.hasPrefix("dropout-") })
        try Data("not a safetensors file".utf8).write(to: folder.appendingPathComponent(damaged))
        let flipped = folder.appendingPathComponent(try XCTUnwrap(files.first { $0.hasPrefix("he-init-") }))
        var weights = try Data(contentsOf: flipped)
        weights[weights.count - 2] ^= 0x40
        try weights.write(to: flipped)
        let third = try LessonRunner.run("lesson-08-best-mlp", arguments, environment: wide)
        XCTAssertEqual(third.status, 0, third.stderr)
        let thirdText = third.stdout.replacing(#/\s+/#, with: " ")
        XCTAssertEqual(thirdText.matches(of: #/checkpoint unusable, training again: hash [0-9a-f]{16}, corrupt/#).count, 2, third.stdout)
        XCTAssertTrue(thirdText.contains("the weights are damaged"), third.stdout)
        // The report of a damaged file is broken into lines that fit 80 columns.
        XCTAssertTrue(third.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 || !$0.contains("corrupt") }, third.stdout)
        let repaired = try finalTable(third.stdout)
        XCTAssertEqual(repaired.filter { $0.source == "trained" }.map(\.index), [2, 9])
        XCTAssertEqual(repaired.map(\.val), rows.map(\.val), "retraining a rung gives the same numbers")

        // --retrain trains everything again.
        let retrained = try LessonRunner.run("lesson-08-best-mlp", arguments + ["--retrain"], environment: wide)
        XCTAssertEqual(retrained.status, 0, retrained.stderr)
        XCTAssertTrue(try finalTable(retrained.stdout).allSatisfy { $0.source == "trained" })
    }

    /// The early-stopping rung stops before its budget and keeps the best epoch's weights; the
    /// chosen rung's lead is set against its standard error, and the verdict follows from the ratio.
    func testQuickEarlyStoppingStopsAndRestoresAndTheLeadIsJudgedOnItsError() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try LessonRunner.run("lesson-08-best-mlp", ["--quick", "--lang", "en", "--no-figures", "--seeds", "2",
                                                            "--checkpoints", folder.path], environment: wide)
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdout.replacing(#/\s+/#, with: " ")
        let stops = out.matches(of: #/\[6\] early-stopping #\d: stopped after epoch (\d+) of (\d+); kept epoch (\d+) \(val_acc ([0-9.]+)\), weights restored: val_acc ([0-9.]+)/#)
        // On --quick data at least one seed stops early (a seed whose validation accuracy is still
        // rising at the last epoch runs its whole budget, and says so).
        let ranAll = out.matches(of: #/\[6\] early-stopping #\d: ran all (\d+) epochs; kept epoch (\d+)/#)
        XCTAssertGreaterThanOrEqual(stops.count, 1, "the early-stopping rung stops early on --quick data:\n\(r.stdout)")
        XCTAssertEqual(stops.count + ranAll.count, 2, "one report per seed:\n\(r.stdout)")
        for stop in stops {
            let (ran, budget, keptEpoch) = (Int(stop.1)!, Int(stop.2)!, Int(stop.3)!)
            XCTAssertLessThan(ran, budget, "stopped before the epoch budget")
            XCTAssertLessThan(keptEpoch, ran, "the kept epoch is an earlier, better one")
            // Measured again after training: the weights in the model are the best epoch's.
            XCTAssertEqual(stop.4, stop.5, "restored weights score the best epoch's validation accuracy")
        }
        let lead = try XCTUnwrap(out.firstMatch(of: #/The lead is ([+-][0-9.]+) ± ([0-9.]+) points, ([0-9.]+) standard errors: (more|less) than two/#))
        let (mean, se, ratio) = (Double(lead.1)!, Double(lead.2)!, Double(lead.3)!)
        XCTAssertGreaterThan(se, 0)
        // Printed with two decimals (the ratio with one): allow for the rounding.
        XCTAssertEqual(ratio, mean / se, accuracy: 0.05 + 0.005 / se + 0.005 * mean / (se * se),
                       "the ratio is computed from the printed numbers")
        XCTAssertEqual(lead.4 == "more", ratio >= 2, "the verdict follows from the ratio")
    }

    func testRussianRunNamesTheRule() throws {
        let r = try LessonRunner.run("lesson-08-best-mlp", ["--list", "--lang", "ru"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("Выбор по валидации"), r.stdout)
    }

    func safetensorsHeader(_ url: URL) throws -> [String: Any] {
        let bytes = try Data(contentsOf: url)
        XCTAssertGreaterThan(bytes.count, 8)
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let json = bytes.subdata(in: 8..<(8 + length))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: json) as? [String: Any])
    }
}
