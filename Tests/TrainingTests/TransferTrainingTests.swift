import XCTest
import Datasets
import NN
import Optim
import Tensors
import Training

/// Freezing, a new head and per-part learning rates, through real training steps.
final class TransferTrainingTests: XCTestCase {
    func testAFrozenBodyDoesNotChangeWhileTheNewHeadLearns() throws {
        Generator.default.manualSeed(5)
        let body = Sequential(Flatten(), Linear(4, 16), ReLU())
        let model = Sequential(body, Linear(16, 4))
        let loader = DataLoader(toyDataset(256, seed: 6), batchSize: 32, shuffle: true, generator: Generator(seed: 7))
        body.requiresGrad(false)
        model.last = Linear(16, 4)
        let bodyBefore = body.parameters().map(\.scalars)
        let headBefore = model.last.parameters().map(\.scalars)
        let optimizer = SGD(ParameterGroup.perPart([(body.parameters(), 0.01), (model.last.parameters(), 0.5)]), lr: 0)
        XCTAssertEqual(optimizer.paramGroups.count, 1, "the frozen body is left out")
        for epoch in 0..<3 { _ = try trainEpoch(model, on: loader, optimizer: optimizer, epoch: epoch, numClasses: 4) }
        XCTAssertEqual(body.parameters().map(\.scalars), bodyBefore)
        XCTAssertTrue(body.parameters().allSatisfy { $0.grad == nil })
        XCTAssertNotEqual(model.last.parameters().map(\.scalars), headBefore)
    }

    func testFineTuningMovesTheBodyLessThanTheHead() throws {
        Generator.default.manualSeed(8)
        let body = Sequential(Flatten(), Linear(4, 16), ReLU())
        let head = Linear(16, 4)
        let model = Sequential(body, head)
        let loader = DataLoader(toyDataset(256, seed: 9), batchSize: 32)
        let bodyBefore = body.parameters().map(\.scalars), headBefore = head.parameters().map(\.scalars)
        // Adam moves a coordinate by about lr per step (at most (1 − β₁)/√(1 − β₂) ≈ 3.2 lr), so the distance
        // travelled follows each group's lr.
        let optimizer = Adam(ParameterGroup.perPart([(body.parameters(), 1e-4), (head.parameters(), 1e-2)]), lr: 1)
        XCTAssertEqual(optimizer.paramGroups.map(\.lr), [1e-4, 1e-2])
        _ = try trainEpoch(model, on: loader, optimizer: optimizer, numClasses: 4)
        func largestMove(_ before: [[Float]], _ after: [Tensor]) -> Float {
            zip(before, after).map { b, t in zip(b, t.scalars).map { abs($0 - $1) }.max()! }.max()!
        }
        let bodyMove = largestMove(bodyBefore, body.parameters()), headMove = largestMove(headBefore, head.parameters())
        XCTAssertGreaterThan(bodyMove, 0)
        XCTAssertLessThanOrEqual(bodyMove, 8 * 3.2e-4, "8 steps of at most ~3.2 lr each")
        XCTAssertGreaterThan(headMove, 10 * bodyMove)
    }
}
