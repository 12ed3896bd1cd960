import XCTest
import Tensors
import Training

final class MetricsTests: XCTestCase {
    // targets: 0 0 1 1 1 2 ; predictions: 0 1 1 1 0 2
    let targets = [0, 0, 1, 1, 1, 2], predictions = [0, 1, 1, 1, 0, 2]

    func testPerClassIsRecall() {
        let m = MulticlassAccuracy(numClasses: 4, average: .none)
        m.update(predictions: predictions, targets: targets)
        XCTAssertEqual(m.compute(), [0.5, 2.0 / 3, 1, 0])
    }

    /// An asymmetric confusion matrix, where recall and precision differ: class 0 is
    /// found 1 time in 3 (recall 1/3) but is never predicted wrongly (precision 1).
    func testPerClassIsRecallNotPrecision() {
        let m = MulticlassAccuracy(numClasses: 2, average: .none)
        m.update(predictions: [0, 1, 1, 1], targets: [0, 0, 0, 1])
        XCTAssertEqual(m.compute(), [1.0 / 3, 1])
        let macro = MulticlassAccuracy(numClasses: 2, average: .macro)
        macro.update(predictions: [0, 1, 1, 1], targets: [0, 0, 0, 1])
        XCTAssertEqual(macro.compute()[0], (1.0 / 3 + 1) / 2, accuracy: 1e-12)
    }

    func testMacroSkipsAbsentClassesAndMicroCountsAll() {
        let macro = MulticlassAccuracy(numClasses: 4)
        macro.update(predictions: predictions, targets: targets)
        XCTAssertEqual(macro.compute()[0], (0.5 + 2.0 / 3 + 1) / 3, accuracy: 1e-12)
        let micro = MulticlassAccuracy(numClasses: 4, average: .micro)
        micro.update(predictions: predictions, targets: targets)
        XCTAssertEqual(micro.compute()[0], 4.0 / 6, accuracy: 1e-12)
    }

    func testUpdatesAccumulateAcrossBatchesAndReset() {
        let m = MulticlassAccuracy(numClasses: 3, average: .micro)
        m.update(Tensor(rows: [[3, 1, 0], [0, 2, 1]]), [0, 2])   // argmax 0, 1
        m.update(Tensor(rows: [[0, 0, 5]]), [2])
        XCTAssertEqual(m.compute(), [2.0 / 3])
        m.reset()
        m.update(predictions: [1], targets: [1])
        XCTAssertEqual(m.compute(), [1])
    }

    func testMeanMetricIsWeighted() {
        let mean = MeanMetric()
        XCTAssertTrue(mean.compute().isNaN)
        mean.update(2)
        mean.update(5, weight: 2)
        XCTAssertEqual(mean.compute(), 4)
        mean.reset()
        mean.update(Tensor(scalar: 1.5))
        XCTAssertEqual(mean.compute(), 1.5)
    }

    func testConfusionMatrixAndNormalisation() {
        var c = ConfusionMatrix(numClasses: 3)
        c.update(predictions: predictions, targets: targets)
        XCTAssertEqual(c.counts, [[1, 1, 0], [1, 2, 0], [0, 0, 1]])
        XCTAssertEqual(c.compute(normalize: .trueClass)[1], [1.0 / 3, 2.0 / 3, 0])
        XCTAssertEqual(c.compute(normalize: .predicted)[0], [0.5, 1.0 / 3, 0])
        XCTAssertEqual(c.compute(normalize: .all).joined().reduce(0, +), 1, accuracy: 1e-12)
    }
}
