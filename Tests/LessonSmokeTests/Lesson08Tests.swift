import Foundation
import XCTest

final class Lesson08Tests: XCTestCase {
    /// The final table's rows: (index, chosen?, val, test, source).
    struct Row { let index: Int; let chosen: Bool; let val: Double; let test: Double; let source: String }

    func finalTable(_ out: String) throws -> [Row] {
        let header = try XCTUnwrap(out.range(of: #"test acc +epochs +time +source"#, options: .regularExpression))
        return out[header.upperBound...].split(separator: "\n").prefix(while: { !$0.contains("final model") }).compactMap { line in
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = cells.first, let index = Int(first), cells.count > 6 else { return nil }
            // Accuracies are printed with four decimals; method names may hold other numbers ("label smoothing 0.1").
            let numbers = cells.filter { $0.range(of: #"^[01]\.[0-9]{4}$"#, options: .regularExpression) != nil }.compactMap { Double($0) }
            guard numbers.count >= 2 else { return nil }
            return Row(index: index, chosen: cells[1] == "*", val: numbers[0], test: numbers[1], source: String(cells.last!))
        }
    }

    func testQuickLadderCachesChoosesOnValidationAndSavesPyTorchNames() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["--quick", "--lang", "en", "--no-figures", "--checkpoints", folder.path]

        let first = try LessonRunner.run("lesson-08-best-mlp", arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        let rows = try finalTable(first.stdout)
        XCTAssertEqual(rows.map(\.index), Array(0..<10), first.stdout)
        XCTAssertTrue(rows.allSatisfy { $0.source == "trained" }, "an empty cache folder cannot be reused")
        // The chosen rung is the one with the best validation accuracy, whatever the test column says.
        let chosen = try XCTUnwrap(rows.first(where: \.chosen))
        XCTAssertEqual(chosen.val, rows.map(\.val).max()!)
        XCTAssertEqual(rows.filter(\.chosen).count, 1)
        XCTAssertTrue(first.stdout.contains("final model (rung \(chosen.index)): val_acc \(String(format: "%.4f", chosen.val))"))

        // One checkpoint per rung plus the best model; no temporary files left.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(files.filter { $0.hasSuffix(".safetensors") }.count, 11, "\(files)")
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
        XCTAssertEqual(metadata["val_accuracy"], String(format: "%.4f", chosen.val))

        // Second run: every rung is read back, and the table is the same.
        let second = try LessonRunner.run("lesson-08-best-mlp", arguments)
        XCTAssertEqual(second.status, 0, second.stderr)
        let again = try finalTable(second.stdout)
        XCTAssertTrue(again.allSatisfy { $0.source == "cache" }, second.stdout)
        XCTAssertEqual(again.map(\.val), rows.map(\.val))
        XCTAssertEqual(again.map(\.test), rows.map(\.test))
        XCTAssertEqual(second.stdout.components(separatedBy: "reused checkpoint, not trained").count - 1, 10)

        // A damaged checkpoint is reported and that rung (only) trains again, to the same numbers:
        // one that is not safetensors at all, one whose header is intact over a damaged weight.
        let damaged = try XCTUnwrap(files.first { $0.hasPrefix("dropout-") })
        try Data("not a safetensors file".utf8).write(to: folder.appendingPathComponent(damaged))
        let flipped = folder.appendingPathComponent(try XCTUnwrap(files.first { $0.hasPrefix("adamw-") }))
        var weights = try Data(contentsOf: flipped)
        weights[weights.count - 2] ^= 0x40
        try weights.write(to: flipped)
        let third = try LessonRunner.run("lesson-08-best-mlp", arguments)
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertTrue(third.stdout.contains("unusable (corrupt"), third.stdout)
        XCTAssertTrue(third.stdout.contains("the weights are damaged"), third.stdout)
        let repaired = try finalTable(third.stdout)
        XCTAssertEqual(repaired.filter { $0.source == "trained" }.map(\.index), [2, 5])
        XCTAssertEqual(repaired.map(\.val), rows.map(\.val), "retraining a rung gives the same numbers")

        // --retrain trains everything again.
        let retrained = try LessonRunner.run("lesson-08-best-mlp", arguments + ["--retrain"])
        XCTAssertEqual(retrained.status, 0, retrained.stderr)
        XCTAssertTrue(try finalTable(retrained.stdout).allSatisfy { $0.source == "trained" })
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
