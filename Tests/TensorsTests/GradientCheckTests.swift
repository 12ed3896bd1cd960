import XCTest
import Tensors
import TestSupport

/// Every differentiable op against central finite differences.
final class GradientCheckTests: XCTestCase {
    func check(_ shapes: [[Int]], low: Float = -1, high: Float = 1, seed: UInt64 = 1,
               file: StaticString = #filePath, line: UInt = #line, _ f: ([Tensor]) -> Tensor) {
        let inputs = shapes.enumerated().map {
            GradientCheck.input($0.element, seed: seed + UInt64($0.offset), low: low, high: high)
        }
        let bad = GradientCheck.mismatches(inputs, f)
        XCTAssertTrue(bad.isEmpty, "gradient mismatches: \(bad.prefix(5))", file: file, line: line)
    }

    // A weighted sum makes every output element matter differently.
    func weighted(_ t: Tensor) -> Tensor {
        let w = Tensor.linspace(0.5, 1.5, count: t.count).reshape(t.shape)
        return (t * w).sum()
    }

    func testArithmeticSameShape() {
        check([[2, 3], [2, 3]]) { weighted($0[0] + $0[1]) }
        check([[2, 3], [2, 3]]) { weighted($0[0] - $0[1]) }
        check([[2, 3], [2, 3]]) { weighted($0[0] * $0[1]) }
        check([[2, 3], [2, 3]], low: 0.5, high: 2) { weighted($0[0] / $0[1]) }
        check([[4]]) { weighted(-$0[0]) }
    }

    func testArithmeticBroadcasting() {
        check([[3, 4], [4]]) { weighted($0[0] + $0[1]) }
        check([[3, 4], [3, 1]]) { weighted($0[0] * $0[1]) }
        check([[2, 1, 4], [3, 1]]) { weighted($0[0] - $0[1]) }
        check([[3, 4], [1]], low: 0.5, high: 2) { weighted($0[0] / $0[1]) }
        check([[1], [3, 4]]) { weighted($0[0] * $0[1]) }
    }

    func testScalarArithmetic() {
        check([[5]]) { weighted($0[0] * 3 + 1) }
        check([[5]]) { weighted(2 - $0[0] / 4) }
        check([[5]], low: 0.5, high: 2) { weighted(1 / $0[0]) }
        check([[2, 2], [2, 2]]) { weighted(Tensor.maximum($0[0], $0[1])) }
    }

    func testUnary() {
        check([[7]]) { weighted($0[0].relu()) }
        check([[7]]) { weighted($0[0].tanh()) }
        check([[7]]) { weighted($0[0].sigmoid()) }
        check([[7]]) { weighted($0[0].exp()) }
        check([[7]], low: 0.2, high: 2) { weighted($0[0].log()) }
        check([[7]]) { weighted($0[0].sin()) }
        check([[7]]) { weighted($0[0].cos()) }
        check([[7]], low: 0.2, high: 2) { weighted($0[0].sqrt()) }
        check([[7]], low: 0.2, high: 2) { weighted($0[0].pow(1.5)) }
        check([[7]]) { weighted($0[0].square()) }
        check([[7]]) { weighted($0[0].abs()) }
        check([[7]], low: -2, high: 2) { weighted($0[0].clamp(min: -0.5, max: 0.5)) }
    }

    func testReductions() {
        check([[3, 4]]) { $0[0].sum() }
        check([[3, 4]]) { $0[0].mean() * 5 }
        check([[2, 3, 4]]) { weighted($0[0].sum(dim: 1)) }
        check([[2, 3, 4]]) { weighted($0[0].mean(dim: -1, keepDim: true)) }
        check([[3, 4]]) { weighted($0[0].max(dim: 1).values) }
        check([[3, 4]]) { $0[0].max() * 2 }
        check([[3, 4]]) { $0[0].variance() }
    }

    func testShapes() {
        check([[2, 6]]) { weighted($0[0].reshape(3, 4)) }
        check([[2, 3, 2]]) { weighted($0[0].flatten(startDim: 1)) }
        check([[2, 3]]) { weighted($0[0].t()) }
        check([[4, 3]]) { weighted($0[0].rows(1..<3)) }
        check([[4, 3]]) { weighted($0[0].indexSelect([3, 0, 3])) }
        check([[2, 3], [1, 3]]) { weighted(Tensor.cat([$0[0], $0[1]])) }
        check([[3]]) { weighted($0[0].unsqueeze(0)) }
    }

    func testMatmulAllTransposes() {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            check([ta ? [4, 3] : [3, 4], tb ? [2, 4] : [4, 2]]) {
                weighted(Tensor.matmul($0[0], $0[1], transposeA: ta, transposeB: tb))
            }
        }
    }

    func testLinear() {
        check([[5, 3], [4, 3], [4]]) { weighted(Tensor.linear($0[0], weight: $0[1], bias: $0[2])) }
        check([[5, 3], [4, 3]]) { weighted(Tensor.linear($0[0], weight: $0[1], bias: nil)) }
        check([[5, 3], [4, 3], [4]]) { weighted(Tensor.linear($0[0], weight: $0[1], bias: $0[2], relu: true)) }
        check([[5, 3], [4, 3]]) { weighted(Tensor.linear($0[0], weight: $0[1], bias: nil, relu: true)) }
    }

    func testReLUKeepsNaNLikePyTorchFusedOrNot() {
        let x = Tensor([Float.nan, -1, 2], shape: [1, 3]), identity = Tensor(rows: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        XCTAssertTrue(x.relu().scalars[0].isNaN)
        XCTAssertEqual(Array(x.relu().scalars.dropFirst()), [0, 2])
        XCTAssertTrue(Tensor.linear(x, weight: identity, bias: nil, relu: true).scalars[0].isNaN)
    }

    func testFusedLinearReLUEqualsLinearThenReLU() {
        let x = GradientCheck.input([6, 5], seed: 11), w = GradientCheck.input([4, 5], seed: 12), b = GradientCheck.input([4], seed: 13)
        XCTAssertEqual(Tensor.linear(x, weight: w, bias: b, relu: true).scalars,
                       Tensor.linear(x, weight: w, bias: b).relu().scalars)
    }

    func testSoftmaxFamily() {
        check([[3, 5]], low: -3, high: 3) { weighted($0[0].softmax(dim: 1)) }
        check([[3, 5]], low: -3, high: 3) { weighted($0[0].softmax(dim: 0)) }
        check([[3, 5]], low: -3, high: 3) { weighted($0[0].logSoftmax(dim: -1)) }
        check([[4, 5]], low: -3, high: 3) { Tensor.crossEntropy($0[0], [0, 4, 2, 2]) }
        check([[4, 5]], low: -3, high: 3) { Tensor.crossEntropy($0[0], [1, 3, 0, 2], reduction: .sum) }
        check([[4, 5]], low: -3, high: 3) { weighted(Tensor.crossEntropy($0[0], [1, 3, 0, 2], reduction: .none)) }
        check([[4, 5]], low: -3, high: 3) { Tensor.crossEntropy($0[0], [1, 3, 0, 2], labelSmoothing: 0.1) }
        check([[3, 2], [3, 2]]) { Tensor.mseLoss($0[0], $0[1]) }
    }

    func testCompositeGraphReusesATensor() {
        // x appears on several paths: gradients must add up.
        check([[3]]) { x in weighted(x[0] * x[0] + x[0].tanh() * x[0]) }
    }
}
