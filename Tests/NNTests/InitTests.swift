import XCTest
import NN
import Tensors

/// Empirical moments of each init on large tensors against PyTorch's formulas.
final class InitTests: XCTestCase {
    let big = [400, 600]   // fan_in 600, fan_out 400, 240k samples

    func assertMoments(_ t: Tensor, mean: Double, variance: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Double(t.mean().item()), mean, accuracy: 0.01 * variance.squareRoot() + 1e-6, file: file, line: line)
        XCTAssertEqual(Double(t.variance().item()), variance, accuracy: variance * 0.02, file: file, line: line)
    }

    func testGainTable() {
        XCTAssertEqual(Init.calculateGain(.linear), 1)
        XCTAssertEqual(Init.calculateGain(.sigmoid), 1)
        XCTAssertEqual(Init.calculateGain(.tanh), 5.0 / 3)
        XCTAssertEqual(Init.calculateGain(.relu), 2.0.squareRoot())
        XCTAssertEqual(Init.calculateGain(.leakyReLU), (2 / (1 + 0.0001)).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(Init.calculateGain(.leakyReLU, param: 5.0.squareRoot()), (1.0 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(Init.calculateGain(.selu), 0.75)
    }

    func testFanOfLinearWeight() {
        let layer = Linear(784, 196)
        let fans = Init.calculateFanInAndFanOut(layer.weight)
        XCTAssertEqual(fans.fanIn, 784)
        XCTAssertEqual(fans.fanOut, 196)
    }

    func testNormalAndUniform() {
        assertMoments(Init.fillNormal(Tensor.zeros(big), mean: 0.5, std: 0.2, generator: Generator(seed: 1)), mean: 0.5, variance: 0.04)
        assertMoments(Init.fillUniform(Tensor.zeros(big), a: -2, b: 4, generator: Generator(seed: 2)), mean: 1, variance: 36.0 / 12)
        XCTAssertEqual(Init.fillConstant(Tensor.zeros([3]), 0.25).scalars, [0.25, 0.25, 0.25])
        XCTAssertEqual(Init.fillOnes(Tensor.zeros([2])).scalars, [1, 1])
    }

    func testXavier() {
        let v = 2.0 / (400 + 600)
        assertMoments(Init.fillXavierNormal(Tensor.zeros(big), generator: Generator(seed: 3)), mean: 0, variance: v)
        assertMoments(Init.fillXavierUniform(Tensor.zeros(big), generator: Generator(seed: 4)), mean: 0, variance: v)
        let bound = Float((6.0 / 1000).squareRoot())
        XCTAssertLessThanOrEqual(Init.fillXavierUniform(Tensor.zeros(big)).abs().max().item(), bound)
        assertMoments(Init.fillXavierNormal(Tensor.zeros(big), gain: 5.0 / 3, generator: Generator(seed: 5)),
                      mean: 0, variance: v * 25 / 9)
    }

    func testKaiming() {
        // ReLU, fan_in: σ² = 2 / D_in (not the seed's 4 / (D_in + D_out)).
        assertMoments(Init.fillKaimingNormal(Tensor.zeros(big), nonlinearity: .relu, generator: Generator(seed: 6)),
                      mean: 0, variance: 2.0 / 600)
        assertMoments(Init.fillKaimingNormal(Tensor.zeros(big), mode: .fanOut, nonlinearity: .relu, generator: Generator(seed: 7)),
                      mean: 0, variance: 2.0 / 400)
        assertMoments(Init.fillKaimingUniform(Tensor.zeros(big), nonlinearity: .relu, generator: Generator(seed: 8)),
                      mean: 0, variance: 2.0 / 600)
        // PyTorch's Linear default: kaiming_uniform_(a=√5) ⇒ Var = 1 / (3·fan_in).
        assertMoments(Init.fillKaimingUniform(Tensor.zeros(big), a: 5.0.squareRoot(), generator: Generator(seed: 9)),
                      mean: 0, variance: 1.0 / (3 * 600))
    }
}
