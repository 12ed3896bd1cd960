import XCTest
@testable import Plot

final class TicksTests: XCTestCase {
    func testLinearTicksUseOneTwoFiveSteps() {
        XCTAssertEqual(Ticks.linear(0, 10, target: 5), [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(Ticks.linear(0, 1, target: 5), [0, 0.2, 0.4, 0.6, 0.8, 1])
        XCTAssertEqual(Ticks.linear(-0.05, 1.05, target: 11), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
        XCTAssertEqual(Ticks.linear(3, 97, target: 4), [20, 40, 60, 80])
        for (lo, hi) in [(0.0013, 0.0871), (-3.7, 12.2), (1e5, 3.3e5), (0.83, 0.91)] {
            let ticks = Ticks.linear(lo, hi, target: 6)
            XCTAssertGreaterThanOrEqual(ticks.count, 3, "\(lo)...\(hi)")
            XCTAssertTrue(ticks.allSatisfy { $0 >= lo && $0 <= hi }, "ticks outside \(lo)...\(hi): \(ticks)")
            let step = ticks[1] - ticks[0]
            let mantissa = step / pow(10, floor(log10(step)))
            XCTAssertTrue([1, 2, 5].contains { abs(mantissa - $0) < 1e-6 }, "step \(step) is not 1-2-5")
        }
    }

    func testLinearTicksAreCleanMultiples() {
        // 0.1 * 3 would be 0.30000000000000004; ticks must be the decimal values.
        let ticks = Ticks.linear(0, 0.7, target: 7)
        XCTAssertTrue(ticks.contains(0.3))
        XCTAssertEqual(Ticks.labels(ticks), ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
    }

    func testReversedAndDegenerateRanges() {
        XCTAssertEqual(Ticks.linear(10, 0, target: 5), Ticks.linear(0, 10, target: 5))
        XCTAssertEqual(Ticks.linear(2, 2), [2])
    }

    func testLabelsUseMinusSignAndScientificForm() {
        XCTAssertEqual(Ticks.labels([-1, 0, 1]), ["\u{2212}1", "0", "1"])
        XCTAssertEqual(Ticks.labels([0, 2e-5, 4e-5]), ["0", "2×10⁻⁵", "4×10⁻⁵"])
        XCTAssertEqual(Ticks.labels([0, 200_000, 400_000]), ["0", "2×10⁵", "4×10⁵"])
    }

    func testLogTicksAreDecadesWithMinorTicks() {
        let ticks = Ticks.log(1e-3, 1e2)
        XCTAssertEqual(ticks.major.count, 6)
        for (tick, exponent) in zip(ticks.major, -3...2) { XCTAssertEqual(log10(tick), Double(exponent), accuracy: 1e-12) }
        XCTAssertTrue(ticks.minor.contains { abs($0 - 2e-3) < 1e-15 })
        XCTAssertTrue(ticks.minor.contains { abs($0 - 90) < 1e-9 })
        XCTAssertEqual(ticks.minor.count, 5 * 8)
        XCTAssertEqual(Ticks.logLabels(ticks.major), ["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹", "10²"])
    }

    func testLogTicksThinOutOverManyDecades() {
        let ticks = Ticks.log(1e-30, 1e30, target: 6)
        XCTAssertEqual(Ticks.logLabels(ticks.major), ["10⁻³⁰", "10⁻²⁰", "10⁻¹⁰", "10⁰", "10¹⁰", "10²⁰", "10³⁰"])
    }

    func testLogTicksWithinOneDecadeFallBackToOneTwoFive() {
        let ticks = Ticks.log(0.15, 0.9)
        XCTAssertEqual(ticks.major.count, 2)
        XCTAssertEqual(ticks.major[0], 0.2, accuracy: 1e-12)
        XCTAssertEqual(ticks.major[1], 0.5, accuracy: 1e-12)
        XCTAssertEqual(Ticks.logLabels(ticks.major), ["0.2", "0.5"])
    }

    func testPowerOfTenLabel() {
        XCTAssertEqual(Ticks.powerOfTenLabel(-3), "10⁻³")
        XCTAssertEqual(Ticks.powerOfTenLabel(12), "10¹²")
    }

    func testContourLevelsCoverTheData() {
        let levels = ContourLevels.count(5).resolve(-0.3, 2.2)
        XCTAssertLessThanOrEqual(levels.first!, -0.3)
        XCTAssertGreaterThanOrEqual(levels.last!, 2.2)
        XCTAssertEqual(ContourLevels.values([3, 1, 2]).resolve(0, 1), [1, 2, 3])
    }
}
