import Foundation
import XCTest

final class Lesson03Tests: XCTestCase {
    /// Parses "from A to B" after `prefix` on one line of the output.
    func range(after prefix: String, in text: String) -> (Double, Double)? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains(prefix) }),
              let match = line.range(of: #"from ([0-9.]+) to ([0-9.]+)"#, options: .regularExpression) else { return nil }
        let numbers = line[match].split(separator: " ").compactMap { Double($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    /// Rows of the table whose first cell starts with `name`.
    func row(_ name: String, in text: String) -> [String]? {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix(name + " ") }
            .map { $0.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    func testQuickRunMakesTheKeyClaims() throws {
        let r = try LessonRunner.run("lesson-03-init", ["--quick", "--lang", "en", "--no-figures"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = r.stdout
        // The seed's mistake is named and corrected.
        XCTAssertTrue(out.contains("4/(Dᵢₙ + Dₒᵤₜ)") && out.contains("harmonic mean"), out)
        XCTAssertTrue(out.contains("kaiming_normal_"))
        // Forward sweep: σ² = 0.001 vanishes, 1 explodes, He stays put (quick: depth 30).
        let small = try XCTUnwrap(row("0.001", in: out)), large = try XCTUnwrap(row("1", in: out))
        let he = try XCTUnwrap(row("0.02 = 2/D", in: out))
        XCTAssertLessThan(try XCTUnwrap(Double(small[5])), 1e-30, small.joined(separator: " | "))
        XCTAssertGreaterThan(Double(large[5]) ?? .infinity, 1e30, large.joined(separator: " | "))
        let heFirst = try XCTUnwrap(Double(he[3])), heLast = try XCTUnwrap(Double(he[5]))
        XCTAssertLessThan(max(heFirst, heLast) / min(heFirst, heLast), 20)
        // Factor per layer against σ²·D/2.
        XCTAssertEqual(try XCTUnwrap(Double(small[2])) / 0.05, 1, accuracy: 0.15)
        // He on average: within a factor of 2 in both passes.
        let forward = try XCTUnwrap(range(after: "Mean over networks, Var(hₖ)/Var(h₁)", in: out))
        let backward = try XCTUnwrap(range(after: "Mean over networks, Var(∂L/∂fₖ)", in: out))
        for (lo, hi) in [forward, backward] {
            XCTAssertGreaterThan(lo, 0.5, out)
            XCTAssertLessThan(hi, 2, out)
        }
        // Init functions match their formulas; He fan_in keeps the forward pass, the notes' 4/(D_in+D_out) decays.
        let check = out.components(separatedBy: "(fanIn: 100, fanOut: 300)").last!
        let heIn = try XCTUnwrap(row("He fan_in", in: check))
        XCTAssertEqual(try XCTUnwrap(Double(heIn[2])), try XCTUnwrap(Double(heIn[3])), accuracy: 0.002)
        let schemes = out.components(separatedBy: "What each scheme keeps").last!
        let heRow = try XCTUnwrap(row("He fan_in", in: schemes)), seedRow = try XCTUnwrap(row("4/(D_in+D_out)", in: schemes))
        XCTAssertGreaterThan(try XCTUnwrap(Double(heRow[3])), 0.1, heRow.joined(separator: " | "))
        XCTAssertLessThan(try XCTUnwrap(Double(seedRow[3])), 0.1 * (Double(heRow[3]) ?? 1), seedRow.joined(separator: " | "))
        // Training: He learns, the default scale stays near ln 10.
        let heTrain = try XCTUnwrap(row("He (2/Dᵢₙ)", in: out)), defaultTrain = try XCTUnwrap(row("default (1/(3Dᵢₙ))", in: out))
        XCTAssertLessThan(try XCTUnwrap(Double(heTrain[2])), try XCTUnwrap(Double(defaultTrain[2])) - 0.2)
        XCTAssertEqual(try XCTUnwrap(Double(defaultTrain[2])), log(10), accuracy: 0.05)
    }

    /// The variances are Double, the values Float32: the prose's layers must agree with the table.
    func testOverflowIsExplainedByTheValuesNotTheVariances() throws {
        let r = try LessonRunner.run("lesson-03-init", ["--lang", "en", "--no-figures", "--no-code", "--section", "2",
                                                        "--batch", "100", "--sigma2", "2/D,1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = r.stdout.replacingOccurrences(of: "\n", with: " ")
        func layer(after phrase: String) -> Int? {
            guard let match = text.range(of: phrase + #" \d+"#, options: .regularExpression) else { return nil }
            return Int(text[match].split(separator: " ").last!)
        }
        // The table shows a finite Var(h25) above Float32's largest number...
        let large = try XCTUnwrap(row("1", in: r.stdout))
        XCTAssertGreaterThan(try XCTUnwrap(Double(large[4])), 3.4e38, large.joined(separator: " | "))
        XCTAssertEqual(large[5], "overflow")
        // ...and the prose says why: Var passes 3.4e38 early, √Var (the values) near the overflow.
        let varPast = try XCTUnwrap(layer(after: "as they do from layer"), text)
        let rootPast = try XCTUnwrap(layer(after: "by the measured factor, at layer"), text)
        let overflow = try XCTUnwrap(layer(after: "leaves the range (?:a little earlier, )?at layer"), text)
        XCTAssertLessThanOrEqual(varPast, 25)
        XCTAssertGreaterThan(overflow, 2 * varPast - 6, text)
        XCTAssertLessThanOrEqual(overflow, rootPast)
        XCTAssertLessThanOrEqual(rootPast - overflow, 3, text)
    }

    func testFlagsChangeTheExperimentAndBadValuesExplain() throws {
        let r = try LessonRunner.run("lesson-03-init", ["--lang", "en", "--no-figures", "--section", "2", "--depth", "12",
                                                        "--width", "40", "--batch", "50", "--sigma2", "2/D,0.5"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertNotNil(row("0.05 = 2/D", in: r.stdout), r.stdout)
        XCTAssertNotNil(row("0.5", in: r.stdout))
        XCTAssertTrue(r.stdout.contains("Var(h12)"))

        let tanh = try LessonRunner.run("lesson-03-init", ["--lang", "en", "--no-figures", "--section", "4", "--quick", "--activation", "tanh"])
        XCTAssertEqual(tanh.status, 0, tanh.stderr)
        XCTAssertTrue(tanh.stdout.contains("tanh"))

        let bad = try LessonRunner.run("lesson-03-init", ["--lang", "en", "--no-figures", "--sigma2", "0.1,-3"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--sigma2"), bad.stderr)
        let badActivation = try LessonRunner.run("lesson-03-init", ["--lang", "en", "--no-figures", "--activation", "gelu"])
        XCTAssertNotEqual(badActivation.status, 0)
        XCTAssertTrue(badActivation.stderr.contains("--activation"), badActivation.stderr)
    }
}
