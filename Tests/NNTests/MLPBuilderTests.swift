import NN
import Tensors
import XCTest

final class MLPBuilderTests: XCTestCase {
    func testLayersAndNamesArePyTorchs() {
        let model = Sequential.mlp([784, 32, 16, 10], dropout: 0.5, generator: Generator(seed: 1))
        XCTAssertEqual(model.layers.map(\.typeName),
                       ["Flatten", "Linear", "ReLU", "Dropout", "Linear", "ReLU", "Dropout", "Linear"])
        XCTAssertEqual(model.namedParameters().map(\.0),
                       ["1.weight", "1.bias", "4.weight", "4.bias", "7.weight", "7.bias"])
        XCTAssertEqual(model.parameterCount, 784 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10)
    }

    func testNoDropoutWithoutProbabilityAndInputDropoutFirst() {
        XCTAssertFalse(Sequential.mlp([4, 3, 2]).layers.contains { $0 is Dropout })
        let withInput = Sequential.mlp([4, 3, 2], inputDropout: 0.2, flatten: false)
        XCTAssertTrue(withInput.layers[0] is Dropout)
        XCTAssertEqual(withInput.layers.filter { $0 is Dropout }.count, 1)
    }

    func testSameSeedSameWeightsAndOutputShape() {
        let a = Sequential.mlp([12, 8, 3], generator: Generator(seed: 7))
        let b = Sequential.mlp([12, 8, 3], generator: Generator(seed: 7))
        for (p, q) in zip(a.parameters(), b.parameters()) { XCTAssertEqual(p.scalars, q.scalars) }
        let y = a(Tensor.rand([5, 1, 3, 4]))
        XCTAssertEqual(y.shape, [5, 3])
    }

    func testDropoutActsOnlyInTraining() {
        let model = Sequential.mlp([6, 50, 2], dropout: 0.5, flatten: false, generator: Generator(seed: 3))
        let x = Tensor.rand([4, 6], generator: Generator(seed: 4))
        model.eval()
        let first = model(x).scalars, second = model(x).scalars
        XCTAssertEqual(first, second)
        model.train()
        XCTAssertNotEqual(model(x).scalars, first)
    }
}
