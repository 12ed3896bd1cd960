import Foundation
import Tensors
import XCTest

/// Log-softmax and cross-entropy as PyTorch computes them, (x − m) − log Σ exp(x − m):
/// on large logits, x − (m + log Σ) first rounds m + log Σ at the logits'
/// magnitude and loses tens of ulps of the (small) result.
final class LogSoftmaxPrecisionTests: XCTestCase {
    /// Large logits close to each other: the log-probabilities are small numbers.
    let logits: [Float] = [1000.0, 1000.25, 999.5, 1000.125, 998.75, 1000.0625, 999.875, 1000.1875]

    /// The exact log-softmax of the Float logits, in Double.
    var reference: [Double] {
        let x = logits.map(Double.init)
        let m = x.max()!
        let lse = log(x.map { exp($0 - m) }.reduce(0, +))
        return x.map { ($0 - m) - lse }
    }

    func ulps(_ value: Float, _ exact: Double) -> Double {
        abs(Double(value) - exact) / Double(Float(exact).ulp)
    }

    func testLogSoftmaxIsWithinAFewUlpsOnLargeLogits() {
        let y = Tensor(logits, shape: [1, logits.count]).logSoftmax(dim: 1).scalars
        let worst = zip(y, reference).map { ulps($0, $1) }.max()!
        // x − (m + log Σ) is off by 46 ulps here (measured).
        XCTAssertLessThanOrEqual(worst, 4, "log-softmax off by \(worst) ulps")
    }

    func testPerSampleCrossEntropyIsWithinAFewUlpsOnLargeLogits() {
        let rows = Tensor(logits + logits.reversed(), shape: [2, logits.count])
        let targets = [1, 3]
        let losses = Tensor.crossEntropy(rows, targets, reduction: .none).scalars
        let exact = [-reference[1], -reference.reversed()[3]]
        let worst = zip(losses, exact).map { ulps($0, $1) }.max()!
        XCTAssertLessThanOrEqual(worst, 4, "cross-entropy off by \(worst) ulps")
    }
}
