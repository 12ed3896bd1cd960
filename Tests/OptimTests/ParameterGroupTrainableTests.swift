import Optim
import Tensors
import XCTest

final class ParameterGroupTrainableTests: XCTestCase {
    func testTrainableLeavesFrozenOut() {
        let a = Tensor([1, 2], requiresGrad: true), frozen = Tensor([3], requiresGrad: false)
        let group = ParameterGroup.trainable([a, frozen], lr: 0.5)
        XCTAssertEqual(group.parameters.count, 1)
        XCTAssertTrue(group.parameters[0] === a)
        XCTAssertEqual(group.hyperparameters.lr, 0.5)
    }

    func testPerPartLearningRatesAreApplied() {
        let body = [Tensor([1, 1], requiresGrad: true), Tensor([2], requiresGrad: true)]
        let head = [Tensor([3], requiresGrad: true)]
        let optimizer = SGD(ParameterGroup.perPart([(body, 0.01), (head, 0.1)]), lr: 1)
        XCTAssertEqual(optimizer.paramGroups.map(\.lr), [0.01, 0.1])
        for p in body + head { p.grad = Tensor.ones(p.shape) }
        optimizer.step()
        // θ − γ·1 with each group's γ.
        XCTAssertEqual(body[0].scalars, [0.99, 0.99])
        XCTAssertEqual(body[1].scalars[0], 1.99, accuracy: 1e-6)
        XCTAssertEqual(head[0].scalars[0], 2.9, accuracy: 1e-6)
    }

    func testAFrozenPartIsDroppedAndNeverMoves() {
        let body = [Tensor([1, 1], requiresGrad: false)]
        let head = [Tensor([3], requiresGrad: true)]
        let groups = ParameterGroup.perPart([(body, 0.01), (head, 0.1)])
        XCTAssertEqual(groups.count, 1)
        let optimizer = Adam(groups, lr: 1)
        for _ in 0..<3 {
            head[0].grad = Tensor([1])
            optimizer.step()
        }
        XCTAssertEqual(body[0].scalars, [1, 1])
        XCTAssertEqual(head[0].scalars[0], 3 - 3 * 0.1, accuracy: 1e-4)
        XCTAssertEqual(optimizer.parameters.count, 1)
    }
}
