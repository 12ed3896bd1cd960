import XCTest
import Datasets
import Tensors

final class NoisyLabelsTests: XCTestCase {
    private func clean(_ n: Int) -> TensorDataset {
        TensorDataset(images: Tensor.rand([n, 1, 2, 2], generator: Generator(seed: 1)), labels: (0..<n).map { $0 % 10 })
    }

    func testExactlyTheFractionIsWrongAndEveryReplacementIsAnotherClass() {
        let base = clean(1000)
        let noisy = NoisyLabels(base, fraction: 0.3, generator: Generator(seed: 5))
        XCTAssertEqual(noisy.corruptedIndices.count, 300)
        let wrong = (0..<1000).filter { noisy.label(at: $0) != base.label(at: $0) }
        XCTAssertEqual(wrong, noisy.corruptedIndices, "every chosen label must change, and no other")
        XCTAssertTrue(noisy.targets.allSatisfy { (0..<10).contains($0) })
        // The wrong classes are spread over the other nine, not one fixed shift.
        let shifts = Set(wrong.map { (noisy.label(at: $0) - base.label(at: $0) + 10) % 10 })
        XCTAssertEqual(shifts, Set(1...9))
    }

    func testImagesAreUntouchedAndTheLoaderSeesTheNoisyLabels() {
        let base = clean(20)
        let noisy = NoisyLabels(base, fraction: 1, generator: Generator(seed: 2))
        XCTAssertEqual(noisy[3].image.scalars, base[3].image.scalars)
        XCTAssertNotEqual(noisy[3].label, base[3].label)
        var batches = DataLoader(noisy, batchSize: 20).makeIterator()
        let (_, y) = batches.next()!
        XCTAssertEqual(y, noisy.targets)
    }

    func testSameSeedSameLabels() {
        let a = NoisyLabels(clean(100), fraction: 0.4, generator: Generator(seed: 9))
        let b = NoisyLabels(clean(100), fraction: 0.4, generator: Generator(seed: 9))
        XCTAssertEqual(a.targets, b.targets)
        XCTAssertEqual(NoisyLabels(clean(100), fraction: 0, generator: Generator(seed: 9)).targets, clean(100).labels)
    }
}

import TestSupport

final class NoisyLabelsMistakeTests: XCTestCase {
    /// A fraction outside [0, 1] stops with a message, not a silent trap.
    func testAFractionAboveOneStopsWithAMessage() throws {
        let base = TensorDataset(images: Tensor.zeros([4, 1, 2, 2]), labels: [0, 1, 2, 3])
        let result = try UsageFailureProcess.run(self) {
            _ = NoisyLabels(base, fraction: 1.5)
        }
        XCTAssertTrue(result.exited, "ended by a signal: \(result.stderr)")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: NoisyLabels: fraction 1.5 is outside [0, 1]"), result.stderr)
        XCTAssertTrue(result.stderr.contains("called at Tests/DatasetsTests/NoisyLabelsTests.swift:"), result.stderr)
    }
}
