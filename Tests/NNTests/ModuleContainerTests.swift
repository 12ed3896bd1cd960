import NN
import Tensors
import TestSupport
import XCTest

/// Modules and tensors kept in arrays, dictionaries and optionals are parameters
/// with PyTorch's names (ModuleList, ModuleDict, ParameterList); anywhere the
/// search cannot name them, the program stops with a message.
final class ModuleContainerTests: XCTestCase {
    final class Blocks: Module {
        var blocks: [Linear] = [Linear(3, 4), Linear(4, 4)]
        var heads: [String: Linear] = ["shirt": Linear(4, 2), "bag": Linear(4, 1)]
        var scales: [Tensor] = [Tensor.ones([4], requiresGrad: true)]
        var extra: Linear? = nil
        var dropouts: [Dropout?] = [Dropout(0.5), nil]
        var grid: [[Linear]] = [[Linear(1, 1)]]
        let sizes = Array(repeating: 0, count: 10_000)  // no parameters, and no time spent on them
    }

    func testNamesFollowPyTorch() {
        let model = Blocks()
        // A module's own tensors come before its children's, as in PyTorch's named_parameters().
        XCTAssertEqual(model.namedParameters().map(\.0), [
            "scales.0", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias",
            "heads.bag.weight", "heads.bag.bias", "heads.shirt.weight", "heads.shirt.bias",
            "grid.0.0.weight", "grid.0.0.bias",
        ])
        model.extra = Linear(2, 2)
        XCTAssertTrue(model.namedParameters().map(\.0).contains("extra.weight"))
        XCTAssertEqual(model.parameters().count, 13)
        XCTAssertEqual(model.parameterCount, (12 + 4) + (16 + 4) + (8 + 2) + (4 + 1) + 4 + 2 + (4 + 2))
    }

    func testStateDictRoundTripsThroughTheNames() throws {
        let a = Blocks(), b = Blocks()
        try b.loadStateDict(a.stateDict())
        XCTAssertEqual(b.blocks[1].weight.scalars, a.blocks[1].weight.scalars)
        XCTAssertEqual(b.heads["bag"]!.bias!.scalars, a.heads["bag"]!.bias!.scalars)
        XCTAssertEqual(b.scales[0].scalars, a.scales[0].scalars)
        XCTAssertThrowsError(try b.loadStateDict(a.stateDict().filter { $0.name != "heads.shirt.weight" })) { error in
            XCTAssertTrue("\(error)".contains("\"heads.shirt.weight\""), "\(error)")
        }
    }

    func testModesReachModulesInContainers() {
        let model = Blocks()
        model.eval()
        XCTAssertFalse(model.dropouts[0]!.training)
        XCTAssertFalse(model.heads["shirt"]!.training)
        model.train()
        XCTAssertTrue(model.dropouts[0]!.training)
    }

    func testTheOptimizerSeesTheBlocks() {
        let model = Blocks()
        let names = Set(model.parameters().map(ObjectIdentifier.init))
        XCTAssertTrue(names.contains(ObjectIdentifier(model.blocks[1].weight)))
        XCTAssertTrue(names.contains(ObjectIdentifier(model.heads["shirt"]!.weight)))
    }

    /// A stack of blocks in an array, run in a loop (what nn.ModuleList is for).
    final class Stack: Module {
        var blocks: [Linear] = [Linear(3, 5), Linear(5, 5), Linear(5, 2)]
        override func forward(_ x: Tensor) -> Tensor { blocks.reduce(x) { $1($0) } }
    }

    func testSummaryCountsTheBlocks() {
        let s = summary(Stack(), inputShape: [4, 3])
        XCTAssertEqual(s.totalParameters, (15 + 5) + (25 + 5) + (10 + 2))
        XCTAssertEqual(s.rows.filter { $0.name.hasPrefix("Linear") }.count, 3, s.description)
    }

    final class Paired: Module {
        let pair = (Linear(2, 2), Linear(2, 2))
    }

    func testAModuleInATupleStopsWithAMessage() throws {
        let result = try UsageFailureProcess.run(self) { _ = Paired().parameters() }
        XCTAssertTrue(result.exited)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: Paired.pair: the property holds a Linear inside a tuple"), result.stderr)
        XCTAssertTrue(result.stderr.contains("blocks: [Linear] → blocks.0.weight"), result.stderr)
        XCTAssertTrue(result.stderr.contains("called at Tests/NNTests/ModuleContainerTests.swift:\(#line - 5)"), result.stderr)
    }

    func testLinearWithASizeBelowOne() throws {
        let result = try UsageFailureProcess.run(self) { _ = Linear(0, 10) }
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: Linear: Linear(0, 10) has a size below 1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("called at Tests/NNTests/ModuleContainerTests.swift:\(#line - 3)"), result.stderr)
    }

    /// `model[3]` on three layers names the index and the layers there are (not an array trap).
    func testALayerPastTheEndOfASequential() throws {
        let model = Sequential([Linear(4, 3), ReLU(), Linear(3, 2)])
        try expectUsageFailure(line: #line + 2, ["error: Sequential: layer 3 is out of range for a Sequential of 3 layers\n",
                                                 "valid: an index in 0..<3 (model.last for the last layer)"]) {
            _ = model[3]
        }
    }

    func testReplacingALayerBeforeTheFirst() throws {
        let model = Sequential([Linear(4, 2)])
        try expectUsageFailure(line: #line + 1, ["error: Sequential: layer -1 is out of range for a Sequential of 1 layer\n"]) {
            model[-1] = ReLU()
        }
    }

    func testMLPWithOneSize() throws {
        let result = try UsageFailureProcess.run(self) { _ = Sequential.mlp([784]) }
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: Sequential.mlp: needs at least two positive sizes"), result.stderr)
    }

    final class NoForward: Module {}

    func testAModuleWithoutForward() throws {
        let result = try UsageFailureProcess.run(self) { _ = NoForward()(Tensor.zeros([1])) }
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: NoForward.forward: NoForward does not override forward(_:)"), result.stderr)
    }
}
