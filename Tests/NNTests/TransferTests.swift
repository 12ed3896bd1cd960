import NN
import Tensors
import XCTest

/// A body (`features`) and a replaceable head, as a transfer-learning model is built.
private final class HeadedNet: Module {
    let features = Sequential(Linear(6, 4), ReLU(), Linear(4, 3), ReLU())
    var head: Module
    init(classes: Int) { head = Linear(3, classes) }
    override func forward(_ x: Tensor) -> Tensor { head(features(x)) }
}

final class TransferTests: XCTestCase {
    func testReplacingTheHeadKeepsTheBodyAndRenamesNothing() {
        let model = HeadedNet(classes: 5)
        let bodyBefore = model.features.parameters().map(\.scalars)
        let oldHead = model.head as! Linear
        model.head = Linear(3, 2)
        XCTAssertEqual(model.features.parameters().map(\.scalars), bodyBefore)
        XCTAssertEqual(model.namedParameters().map(\.0),
                       ["features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias", "head.weight", "head.bias"])
        XCTAssertEqual(model.namedParameters().last!.1.shape, [2])
        XCTAssertFalse(model.parameters().contains { $0 === oldHead.weight }, "the old head's tensors are gone")
        XCTAssertEqual(model(Tensor.rand([7, 6])).shape, [7, 2])
        model.head = Identity()
        XCTAssertEqual(model.namedParameters().count, 4)
        XCTAssertEqual(model(Tensor.rand([7, 6])).shape, [7, 3])
    }

    func testSequentialLastAndSlicesShareLayers() {
        let net = Sequential(Linear(2, 3), ReLU(), Linear(3, 4))
        let first = net[0] as! Linear
        net.last = Linear(3, 1)
        XCTAssertEqual((net[2] as! Linear).outFeatures, 1)
        XCTAssertTrue(net[0] === first)
        let body = net[0..<2]
        XCTAssertEqual(body.count, 2)
        XCTAssertTrue(body[0] === first, "a slice shares the layers, like net[:-1] in PyTorch")
        XCTAssertEqual(body(Tensor.rand([5, 2])).shape, [5, 3])
    }

    func testFreezingTheBodyLeavesItWithoutGradients() {
        let model = HeadedNet(classes: 5)
        model.features.requiresGrad(false)
        XCTAssertEqual(model.frozenParameterNames(), ["features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias"])
        XCTAssertEqual(model.trainableParameters().map(\.count), [15, 5])
        XCTAssertEqual(model.trainableParameterCount, 20)
        let loss = CrossEntropyLoss()(model(Tensor.rand([8, 6])), [0, 1, 2, 3, 4, 0, 1, 2])
        loss.backward()
        for p in model.features.parameters() { XCTAssertNil(p.grad) }
        for p in model.head.parameters() { XCTAssertNotNil(p.grad) }
        // The summary shows the frozen layers' counts in parentheses, as torchinfo does.
        let text = summary(model, inputShape: [1, 6]).description
        XCTAssertTrue(text.contains("(28)"), text)
        XCTAssertTrue(text.contains("Non-trainable params: 43"), text)
    }

    func testNonStrictLoadReportsKeysLikePyTorch() throws {
        let trained = HeadedNet(classes: 5)
        let state = trained.stateDict()

        // Last layer removed: the checkpoint's old head is unexpected.
        let headless = HeadedNet(classes: 5)
        headless.head = Identity()
        XCTAssertThrowsError(try headless.loadStateDict(state)) { error in
            XCTAssertTrue("\(error)".contains("Unexpected key(s) in state_dict: \"head.weight\", \"head.bias\"."), "\(error)")
        }
        let keys = IncompatibleKeys(try headless.loadStateDict(state, strict: false))
        XCTAssertEqual(keys, IncompatibleKeys(missingKeys: [], unexpectedKeys: ["head.weight", "head.bias"]))
        XCTAssertEqual("\(keys)", "_IncompatibleKeys(missing_keys=[], unexpected_keys=['head.weight', 'head.bias'])")
        XCTAssertEqual(headless.features.parameters().map(\.scalars), trained.features.parameters().map(\.scalars))

        // Body only into a model with a new head: the head is missing and keeps its own init.
        let fresh = HeadedNet(classes: 2)
        let freshHead = fresh.head.parameters().map(\.scalars)
        let body = stateDict(state, removing: "head")
        XCTAssertEqual(body.count, 4)
        let missing = IncompatibleKeys(try fresh.loadStateDict(body, strict: false))
        XCTAssertEqual(missing.missingKeys, ["head.weight", "head.bias"])
        XCTAssertEqual(fresh.head.parameters().map(\.scalars), freshHead)
        XCTAssertEqual(fresh.features.parameters().map(\.scalars), trained.features.parameters().map(\.scalars))
        XCTAssertEqual("\(IncompatibleKeys(missingKeys: [], unexpectedKeys: []))", "<All keys matched successfully>")

        // A shape mismatch is never forgiven, strict or not.
        XCTAssertThrowsError(try fresh.loadStateDict(state, strict: false)) { error in
            XCTAssertTrue("\(error)".contains("size mismatch for head.weight"), "\(error)")
        }

        // The sub-module's own state dict: the prefix stripped.
        let features = stateDict(state, under: "features")
        XCTAssertEqual(features.map(\.name), ["0.weight", "0.bias", "2.weight", "2.bias"])
        let bare = Sequential(Linear(6, 4), ReLU(), Linear(4, 3), ReLU())
        try bare.loadStateDict(features)
        XCTAssertEqual(bare.parameters().map(\.scalars), trained.features.parameters().map(\.scalars))
    }
}
