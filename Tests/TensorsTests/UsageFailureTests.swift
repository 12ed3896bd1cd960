import Tensors
import TestSupport
import XCTest

/// Mistakes in the use of tensors end the process with exit code 1 and a message
/// that names the operation, the shapes or values, what is valid and the line of
/// the test that made the call; no signal, no stack unless asked for.
final class UsageFailureTests: XCTestCase {
    func testLinearWithTheWrongNumberOfFeatures() throws {
        let x = Tensor.zeros([4, 3]), w = Tensor.zeros([2, 5])
        try expectUsageFailure(line: #line + 1, ["error: linear: input [4, 3] has 3 features", "weight [2, 5]", "Linear(5, 2)", "valid: an input [B, 5]"]) {
            _ = Tensor.linear(x, weight: w, bias: nil)
        }
    }

    func testMatmulInnerSizes() throws {
        let a = Tensor.zeros([2, 3]), b = Tensor.zeros([4, 5])
        try expectUsageFailure(line: #line + 1, ["error: matmul: inner sizes differ: [2, 3] · [4, 5] (3 ≠ 4)", "valid: [m, k] · [k, n]"]) {
            _ = a.matmul(b)
        }
    }

    func testBroadcastingThroughAnOperator() throws {
        let a = Tensor.zeros([2, 3]), b = Tensor.zeros([4])
        try expectUsageFailure(line: #line + 1, ["error: a + b: shapes [2, 3] and [4] cannot be broadcast together", "valid: sizes that are equal or 1"]) {
            _ = a + b
        }
    }

    func testReshapeToTheWrongCount() throws {
        let a = Tensor.zeros([2, 3])
        try expectUsageFailure(line: #line + 1, ["error: reshape: cannot reshape [2, 3] (6 elements) into [4, 2]", "valid: a shape with 6 elements"]) {
            _ = a.reshape([4, 2])
        }
    }

    func testIndexOutOfRange() throws {
        let a = Tensor.zeros([2, 3])
        try expectUsageFailure(line: #line + 1, ["error: subscript: index [1, 3] is out of range for shape [2, 3]", "0..<2, 0..<3"]) {
            _ = a[1, 3]
        }
    }

    func testIndexSelectOutOfRange() throws {
        let a = Tensor.zeros([2, 3])
        try expectUsageFailure(line: #line + 1, ["error: indexSelect: index 5 is out of range for a tensor [2, 3]", "valid: indices in 0..<2"]) {
            _ = a.indexSelect([0, 5])
        }
    }

    func testCrossEntropyWithALabelBeyondTheClasses() throws {
        let logits = Tensor.zeros([3, 5])
        try expectUsageFailure(line: #line + 1, ["error: crossEntropy: target class 7 for logits [3, 5]", "0..<5", "the largest target is 9", "needs 10 outputs"]) {
            _ = Tensor.crossEntropy(logits, [0, 7, 9])
        }
    }

    func testCrossEntropyWithTooFewTargets() throws {
        let logits = Tensor.zeros([3, 5])
        try expectUsageFailure(line: #line + 1, ["error: crossEntropy: 2 targets for logits [3, 5] (a batch of 3)"]) {
            _ = Tensor.crossEntropy(logits, [0, 1])
        }
    }

    func testNegativeShape() throws {
        try expectUsageFailure(line: #line + 1, ["error: full: negative size in shape [2, -3]", "valid: sizes ≥ 0"]) {
            _ = Tensor.zeros([2, -3])
        }
    }

    func testAShapeLargerThanMemory() throws {
        try expectUsageFailure(line: #line + 1, ["error: full: shape [1000000000, 784] has more elements than fit in memory"]) {
            _ = Tensor.zeros([1_000_000_000, 784])
        }
    }

    func testGeneratorEmptyRange() throws {
        let g = Generator(seed: 1)
        try expectUsageFailure(line: #line + 1, ["error: int(in:): the range 3..<3 is empty"]) {
            _ = g.int(in: 3..<3)
        }
    }

    func testGeneratorNegativePermutation() throws {
        let g = Generator(seed: 1)
        try expectUsageFailure(line: #line + 1, ["error: permutation: n = -1", "valid: n ≥ 0"]) {
            _ = g.permutation(-1)
        }
    }

    func testBackwardWithoutAGraph() throws {
        let loss = Tensor.zeros([1]).sum()
        try expectUsageFailure(line: #line + 1, ["error: backward(): the tensor [] does not require grad", "valid: a loss computed from parameters"]) {
            loss.backward()
        }
    }

    func testBackwardOfAVector() throws {
        let x = Tensor.zeros([3], requiresGrad: true)
        let y = x * 2
        try expectUsageFailure(line: #line + 1, ["error: backward(): without a gradient it needs a one-element output, got [3]", ".mean()"]) {
            y.backward()
        }
    }

    func testVerboseShowsTheStack() throws {
        let result = try UsageFailureProcess.run(self) {
            UsageFailure.showsStack = true
            _ = Tensor.zeros([2]).reshape([3])
        }
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("stack:\n"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Tensor.reshape"), result.stderr)
    }
}
