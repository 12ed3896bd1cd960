import XCTest
import NN
import Tensors
import TestSupport

/// The seed notebook's network: 3 → 4 → 2 → 3 → 2 with one shared ReLU.
final class SeedNet: Module {
    let layers: Sequential
    init(_ di: Int = 3, _ d1: Int = 4, _ d2: Int = 2, _ d3: Int = 3, _ dOut: Int = 2) {
        let act = ReLU()
        layers = Sequential(Linear(di, d1), act, Linear(d1, d2), act, Linear(d2, d3), act, Linear(d3, dOut))
    }
    override func forward(_ x: Tensor) -> Tensor { layers(x) }
}

/// The seed's Fashion-MNIST classifier, 784 → D → 10.
final class Classifier: Module {
    let layers: Sequential
    init(hidden: Int) { layers = Sequential(Linear(28 * 28, hidden), ReLU(), Linear(hidden, 10)) }
    override func forward(_ x: Tensor) -> Tensor { layers(x.reshape(-1, 28 * 28)) }
}

final class ModuleTests: XCTestCase {
    func testParameterNamesArePyTorchs() {
        let names = SeedNet().namedParameters().map(\.0)
        XCTAssertEqual(names, ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
                               "layers.4.weight", "layers.4.bias", "layers.6.weight", "layers.6.bias"])
    }

    func testSeedNetHas43Parameters() {
        XCTAssertEqual(SeedNet().parameterCount, 43)
    }

    func testLinearShapesAndDefaultInitBound() {
        let layer = Linear(400, 30, generator: Generator(seed: 5))
        XCTAssertEqual(layer.weight.shape, [30, 400])
        XCTAssertEqual(layer.bias?.shape, [30])
        let bound = 1 / Float(400).squareRoot()
        XCTAssertLessThanOrEqual(layer.weight.abs().max().item(), bound)
        // U(-b, b) has variance b²/3.
        XCTAssertEqual(layer.weight.variance().item(), bound * bound / 3, accuracy: bound * bound * 0.03)
    }

    func testForwardShapes() {
        let y = SeedNet()(Tensor.rand([5, 3]))
        XCTAssertEqual(y.shape, [5, 2])
        XCTAssertEqual(Classifier(hidden: 196)(Tensor.zeros([7, 1, 28, 28])).shape, [7, 10])
    }

    func testTrainEvalPropagates() {
        let net = SeedNet()
        net.eval()
        XCTAssertTrue(net.namedModules().allSatisfy { !$0.1.training })
        net.train()
        XCTAssertTrue(net.namedModules().allSatisfy { $0.1.training })
    }

    func testFreezingCountsTrainable() {
        let net = SeedNet()
        (net.layers[0] as! Linear).requiresGrad(false)
        XCTAssertEqual(net.trainableParameterCount, 43 - 16)
    }

    func testPrintLooksLikePyTorch() {
        let text = Sequential(Linear(3, 4), ReLU()).description
        XCTAssertEqual(text, "Sequential(\n  (0): Linear(in_features=3, out_features=4, bias=True)\n  (1): ReLU()\n)")
    }

    func testBackwardReachesEveryParameter() {
        let net = SeedNet()
        let loss = CrossEntropyLoss()(net(Tensor.rand([5, 3])), [0, 1, 1, 0, 1])
        loss.backward()
        for (name, p) in net.namedParameters() { XCTAssertNotNil(p.grad, name) }
        net.zeroGrad()
        XCTAssertTrue(net.parameters().allSatisfy { $0.grad == nil })
    }

    func testSequentialFusesLinearReLUWithTheSameNumbers() {
        let net = SeedNet()
        let x = Tensor.rand([6, 3])
        let fused = net(x)
        fused.sum().backward()
        let fusedGrads = net.parameters().map { $0.grad!.scalars }
        net.zeroGrad()
        // The same layers one by one, unfused.
        var h = x
        for layer in net.layers.layers { h = layer(h) }
        h.sum().backward()
        XCTAssertEqual(fused.scalars, h.scalars)
        for (a, p) in zip(fusedGrads, net.parameters()) {
            for (u, v) in zip(a, p.grad!.scalars) { XCTAssertEqual(u, v, accuracy: 1e-6) }
        }
    }

    func testLinearModuleGradientCheck() {
        let layer = Linear(3, 2, generator: Generator(seed: 9))
        let x = GradientCheck.input([4, 3], seed: 2)
        let bad = GradientCheck.mismatches([x, layer.weight, layer.bias!]) { t in
            Tensor.linear(t[0], weight: t[1], bias: t[2]).tanh().sum()
        }
        XCTAssertTrue(bad.isEmpty, "\(bad)")
    }
}
