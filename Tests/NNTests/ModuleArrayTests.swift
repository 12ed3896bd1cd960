import XCTest
import NN
import Tensors

/// Modules held in `[Module]` properties (like PyTorch's `nn.ModuleList`) are
/// children named `<property>.<index>`, in order: state dicts and optimizers
/// depend on those names and on each name reaching its own tensor.
final class ModuleArrayTests: XCTestCase {
    final class Heads: Module {
        let trunk: Linear
        let heads: [Module]
        let extra: [Linear]
        override init() {
            trunk = Linear(3, 4, generator: Generator(seed: 1))
            heads = [Linear(4, 2, generator: Generator(seed: 2)), ReLU(), Linear(4, 5, generator: Generator(seed: 3))]
            extra = [Linear(5, 1, generator: Generator(seed: 4))]
        }
        override func forward(_ x: Tensor) -> Tensor { (heads[2] as! Linear)(trunk(x)) }
    }

    func testNamesCarryTheArrayIndex() {
        let model = Heads()
        XCTAssertEqual(model.namedParameters().map(\.0),
                       ["trunk.weight", "trunk.bias", "heads.0.weight", "heads.0.bias", "heads.2.weight", "heads.2.bias",
                        "extra.0.weight", "extra.0.bias"])
        let byName = Dictionary(uniqueKeysWithValues: model.namedParameters())
        XCTAssertTrue(byName["heads.2.weight"] === (model.heads[2] as! Linear).weight)
        XCTAssertTrue(byName["heads.0.bias"] === (model.heads[0] as! Linear).bias)
        XCTAssertTrue(byName["extra.0.weight"] === model.extra[0].weight)
    }

    func testStateDictRoundTripReachesTheRightElement() throws {
        let source = Heads(), target = Heads()
        (source.heads[2] as! Linear).weight.fill(7)
        _ = try target.loadStateDict(source.stateDict(), strict: true)
        XCTAssertEqual((target.heads[2] as! Linear).weight.scalars, [Float](repeating: 7, count: 20))
        XCTAssertEqual((target.heads[0] as! Linear).weight.scalars, (source.heads[0] as! Linear).weight.scalars)
    }
}
