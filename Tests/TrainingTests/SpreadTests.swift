import XCTest
@testable import Training

final class SpreadTests: XCTestCase {
    func testMeanStandardDeviationAndErrorMatchTheTextbook() {
        let s = Spread([2, 4, 4, 4, 5, 5, 7, 9])
        XCTAssertEqual(s.mean, 5, accuracy: 1e-12)
        // Sample standard deviation (n − 1), as torch.std: √(32/7).
        XCTAssertEqual(s.standardDeviation, (32.0 / 7).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(s.standardError, (32.0 / 7).squareRoot() / 8.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(s.confidenceHalfWidth, 2.365 * s.standardError, accuracy: 1e-9)
        XCTAssertEqual(Spread([0.5]).standardError, 0)
        XCTAssertEqual(Spread([0.8, 0.82]).formatted("%.1f", scale: 100), "81.0 ± 1.0")
    }

    func testPairedComparisonCancelsSharedNoiseAndNeedsTheWholeIntervalOnOneSide() {
        // Seeds differ a lot, but the method is 1 point better on every seed.
        let baseline = [0.70, 0.80, 0.75]
        let better = PairedComparison(baseline: baseline, method: [0.71, 0.811, 0.759])
        XCTAssertEqual(better.verdict(), .better)
        XCTAssertEqual(better.verdict(higherIsBetter: false), .worse)
        // Unpaired, the same numbers would be hopelessly within noise.
        XCTAssertGreaterThan(Spread(baseline).confidenceHalfWidth, 0.05)
        let mixed = PairedComparison(baseline: baseline, method: [0.72, 0.79, 0.76])
        XCTAssertEqual(mixed.verdict(), .withinNoise)
        let worse = PairedComparison(baseline: baseline, method: [0.68, 0.779, 0.731])
        XCTAssertEqual(worse.verdict(), .worse)
        // One seed cannot decide anything.
        XCTAssertEqual(PairedComparison(baseline: [0.5], method: [0.9]).verdict(), .withinNoise)
    }
}

import TestSupport

final class PairedComparisonMistakeTests: XCTestCase {
    /// Unequal numbers of seeds on the two sides stop with a message, not a silent trap.
    func testUnequalSeedCountsStopWithAMessage() throws {
        let result = try UsageFailureProcess.run(self) {
            _ = PairedComparison(baseline: [0.8, 0.81, 0.79], method: [0.82, 0.83])
        }
        XCTAssertTrue(result.exited, "ended by a signal: \(result.stderr)")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: PairedComparison: 3 baseline values but 2 method values"), result.stderr)
        XCTAssertTrue(result.stderr.contains("called at Tests/TrainingTests/SpreadTests.swift:"), result.stderr)
    }
}
