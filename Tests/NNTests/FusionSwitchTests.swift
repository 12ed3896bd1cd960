import NN
@testable import Tensors
import XCTest

/// `Sequential` runs Linear → ReLU as one op unless told not to; the numbers agree.
final class FusionSwitchTests: XCTestCase {
    override func tearDown() { Sequential.fusesLinearReLU = true }

    func testTheSwitchRunsReLUOnItsOwnWithTheSameNumbers() {
        let g = Generator(seed: 3)
        let model = Sequential(Linear(4, 5, generator: g), ReLU(), Linear(5, 2, generator: g))
        let x = Tensor.randn([3, 4], generator: g)
        let hidden = Sequential(model.layers[0], model.layers[1])
        let a = hidden(x)
        // Fused: one node holds x, W and b; ReLU.forward never ran.
        XCTAssertEqual(a.gradFn?.name, "ReluBackward0")
        XCTAssertEqual(a.gradFn?.inputs.count, 3)

        Sequential.fusesLinearReLU = false
        let b = hidden(x)
        // Separate: ReLU's node has the Linear's output as its one input.
        XCTAssertEqual(b.gradFn?.name, "ReluBackward0")
        XCTAssertEqual(b.gradFn?.inputs.count, 1)
        XCTAssertEqual(b.gradFn?.inputs.first?.gradFn?.name, "AddmmBackward0")
        XCTAssertEqual(a.scalars, b.scalars)

        let yFused: [Float] = { Sequential.fusesLinearReLU = true; return model(x).scalars }()
        Sequential.fusesLinearReLU = false
        XCTAssertEqual(model(x).scalars, yFused)
    }
}
