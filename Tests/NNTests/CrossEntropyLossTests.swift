import XCTest
import NN
import Tensors

/// The module `CrossEntropyLoss` against PyTorch's formula written out in
/// Double: (1 − ε)·(−log p_y) + ε·mean_k(−log p_k), averaged over the batch.
final class CrossEntropyLossTests: XCTestCase {
    let logits: [[Float]] = [[2, -1, 0.5], [0.1, 0.2, 3], [-2, 1, 1]]
    let targets = [0, 2, 1]

    func expected(smoothing ε: Double) -> Double {
        var total = 0.0
        for (row, y) in zip(logits, targets) {
            let z = row.map(Double.init), top = z.max()!
            let logSum = top + log(z.map { exp($0 - top) }.reduce(0, +))
            let nll = z.map { logSum - $0 }
            total += (1 - ε) * nll[y] + ε * nll.reduce(0, +) / Double(z.count)
        }
        return total / Double(targets.count)
    }

    func testLabelSmoothingReachesTheLoss() {
        for ε in [0.0, 0.1, 0.3] {
            let loss = CrossEntropyLoss(labelSmoothing: Float(ε))(Tensor(rows: logits), targets).item()
            XCTAssertEqual(Double(loss), expected(smoothing: ε), accuracy: 1e-5, "labelSmoothing \(ε)")
        }
        XCTAssertNotEqual(expected(smoothing: 0.1), expected(smoothing: 0), accuracy: 1e-3, "the case tells the two apart")
    }

    func testSumReductionAddsTheSamples() {
        let loss = CrossEntropyLoss(reduction: .sum, labelSmoothing: 0.2)(Tensor(rows: logits), targets).item()
        XCTAssertEqual(Double(loss), expected(smoothing: 0.2) * 3, accuracy: 1e-4)
    }
}
