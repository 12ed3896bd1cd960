import Foundation
import XCTest

/// Lesson 04's claims, read from its real output.
final class Lesson04Tests: XCTestCase {
    static let lesson = "lesson-04-optimizers"

    /// The number after `prefix` on the first line that contains it.
    func number(after prefix: String, in text: String) -> Double? {
        guard let range = text.range(of: prefix) else { return nil }
        let rest = text[range.upperBound...].drop { $0 == " " }
        return Double(String(rest.prefix { "0123456789.-e+".contains($0) }))
    }

    func testClaimsOfTheDefaultRun() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--no-figures"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdout
        // Prose is wrapped to the terminal width; claims in it are checked on one long line.
        let flat = out.replacingOccurrences(of: "\n", with: " ")

        // Sum versus mean: the gradient of the sum is N times larger, and γ/N on the sum retraces the mean's path.
        XCTAssertTrue(out.contains("∇ sum / ∇ mean = 40 40"), out)
        let gap = try XCTUnwrap(number(after: "over the whole path =", in: out))
        XCTAssertLessThan(gap, 1e-4)

        // The Gabor paths: GD gets stuck, SGD and momentum reach the global minimum.
        XCTAssertTrue(flat.contains("GD got stuck in a local minimum"), out)
        XCTAssertTrue(flat.contains("SGD reached the global minimum"))
        XCTAssertTrue(flat.contains("momentum reached the global minimum"))

        // Runs said to end together do: each has the same final point and loss in the section-7 table.
        let sentence = try XCTUnwrap(flat.range(of: "overlap on the figures below: ").map { String(flat[$0.upperBound...].prefix(200)) }, out)
        let group = String(sentence.prefix { $0 != "(" }).replacingOccurrences(of: " and ", with: ", ")
            .replacingOccurrences(of: " at ", with: "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(group, ["GD", "Adam", "AdamW", "RMSprop", "Adagrad"], sentence)
        let allOptimizers = try XCTUnwrap(out.components(separatedBy: "steps to L_min + 0.01").dropFirst().first)
        let finals = try group.map { name -> Double in
            let row = try XCTUnwrap(allOptimizers.split(separator: "\n").first { $0.hasPrefix("  \(name) ") }, name)
            return try XCTUnwrap(row.split(separator: ")").dropFirst().first.flatMap { $0.split(separator: " ").first }.flatMap { Double($0) }, String(row))
        }
        XCTAssertEqual(finals.max()! - finals.min()!, 0, accuracy: 1e-3, "\(finals)")
        XCTAssertTrue(flat.contains("their loss curves merging from step"), sentence)

        // Steep and shallow: GD with the large step oscillates across the valley, the small one does not.
        let large = try XCTUnwrap(number(after: "across the valley:", in: flat))
        XCTAssertGreaterThan(large, 10)
        XCTAssertTrue(flat.contains("0 with the small one"))

        // Bias correction: PyTorch's step is exactly γ; without correction the first is (1 − β₁)/√(1 − β₂) = 3.162·γ.
        let bias = try XCTUnwrap(out.components(separatedBy: "PyTorch: step/γ").dropFirst().first)
        let firstRow = try XCTUnwrap(bias.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("1 ") })
        XCTAssertEqual(firstRow.split(separator: " ").map(String.init), ["1", "1", "3.162", "1"])
        XCTAssertTrue(flat.contains("overflows even a Double"))

        // ε under the root: at g = 1e-6 the original notebook's step is 1 % of γ, PyTorch's 99 %.
        let epsRow = try XCTUnwrap(out.split(separator: "\n").first { $0.contains("1.000e-06") })
        XCTAssertEqual(epsRow.split(separator: " ").map(String.init), ["1.000e-06", "0.9901", "0.009999"])

        // AdamW versus Adam + L2: L2 lands on the ridge solution, AdamW elsewhere.
        let l2 = try XCTUnwrap(number(after: "Adam + L2 =", in: out))
        let adamW = try XCTUnwrap(number(after: "AdamW =", in: out))
        XCTAssertLessThan(l2, 1e-3)
        XCTAssertGreaterThan(adamW, 0.1)
    }

    func testFlagsChangeTheExperiment() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--no-figures", "--section", "2", "--start", "-2,8", "--batch", "20"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("at φ = (-2, 8)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("N = 40, B = 20"))
    }

    func testBadFlagValuesExplainTheFix() throws {
        let r = try LessonRunner.run(Self.lesson, ["--lang", "en", "--no-figures", "--start", "1,2,3"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--start"), r.stderr)
        let betas = try LessonRunner.run(Self.lesson, ["--lang", "en", "--no-figures", "--betas", "0.9,1.5"])
        XCTAssertEqual(betas.status, 2)
        XCTAssertTrue(betas.stderr.contains("--betas: got '0.9,1.5'; valid: each in [0, 1), 2 values"), betas.stderr)
        XCTAssertTrue(betas.stderr.contains("To fix: swift run lesson-04-optimizers --betas 0.9,0.999"), betas.stderr)
    }

    func testRussianRunWritesTheFigures() throws {
        let folder = try LessonRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try LessonRunner.run(Self.lesson, ["--lang", "ru", "--quick", "--figures", folder.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Методы оптимизации"))
        for name in ["sgd", "adam", "optimizers", "loss_per_step", "adam_bias_correction"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name + ".png").path), name)
        }
    }
}
