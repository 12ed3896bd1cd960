import XCTest
import Optim
import Tensors

final class ParameterGroupTests: XCTestCase {
    func testGroupsKeepTheirOwnLRAndWeightDecay() {
        let a = Tensor([1, 2], requiresGrad: true)
        let b = Tensor([3, 4], requiresGrad: true)
        let optimizer = SGD([ParameterGroup(parameters: [a]),
                             ParameterGroup(parameters: [b], lr: 0.5, weightDecay: 0.1)],
                            lr: 0.1)
        XCTAssertEqual(optimizer.paramGroups[0].lr, 0.1)
        XCTAssertEqual(optimizer.paramGroups[0].weightDecay, 0)
        XCTAssertEqual(optimizer.paramGroups[1].lr, 0.5)
        a.grad = Tensor([1, 1])
        b.grad = Tensor([1, 1])
        optimizer.step()
        XCTAssertEqual(a.scalars, [1 - 0.1, 2 - 0.1])
        // θ − γ(g + λθ) = 3 − 0.5·(1 + 0.3), 4 − 0.5·(1 + 0.4)
        XCTAssertEqual(Double(b.scalars[0]), 3 - 0.5 * 1.3, accuracy: 1e-6)
        XCTAssertEqual(Double(b.scalars[1]), 4 - 0.5 * 1.4, accuracy: 1e-6)
    }

    func testLRGetterAndSetter() {
        let optimizer = Adam([ParameterGroup(parameters: [Tensor([1])], lr: 0.2),
                              ParameterGroup(parameters: [Tensor([2])])])
        XCTAssertEqual(optimizer.lr, 0.2)
        XCTAssertEqual(optimizer.paramGroups[1].lr, 1e-3)
        optimizer.lr = 0.05
        XCTAssertEqual(optimizer.paramGroups.map(\.lr), [0.05, 0.05])
    }

    func testPerGroupBetas() {
        let a = Tensor([1], requiresGrad: true), b = Tensor([1], requiresGrad: true)
        let optimizer = Adam([ParameterGroup(parameters: [a]),
                              ParameterGroup(parameters: [b], betas: (0.5, 0.5))], lr: 0.1)
        XCTAssertEqual(optimizer.paramGroups[0].betas.0, 0.9)
        XCTAssertEqual(optimizer.paramGroups[1].betas.0, 0.5)
    }

    func testParametersWithoutGradAreSkipped() throws {
        let a = Tensor([1, 2], requiresGrad: true)
        let b = Tensor([3, 4], requiresGrad: true)
        let optimizer = Adam([a, b], lr: 0.1)
        a.grad = Tensor([1, -1])
        optimizer.step()
        XCTAssertEqual(b.scalars, [3, 4])
        XCTAssertNotEqual(a.scalars, [1, 2])
        let state = optimizer.stateDict()
        XCTAssertEqual(state.state[0]?.step, 1)
        XCTAssertNil(state.state[1], "a parameter never stepped has no state")
        // When b finally gets a gradient its own step count starts at 1:
        // Adam's first step moves each coordinate by γ·sign(g).
        optimizer.zeroGrad()
        XCTAssertNil(a.grad)
        b.grad = Tensor([2, -2])
        optimizer.step()
        XCTAssertEqual(b.scalars[0], 3 - 0.1, accuracy: 1e-6)
        XCTAssertEqual(b.scalars[1], 4 + 0.1, accuracy: 1e-6)
        XCTAssertEqual(optimizer.stateDict().state[1]?.step, 1)
    }
}

/// What a lesson might write: plain gradient descent on the protocol alone.
private final class HandWrittenGD: Optimizer {
    var paramGroups: [ParameterGroup]
    init(_ parameters: [Tensor], lr: Double) { paramGroups = [ParameterGroup(parameters: parameters, lr: lr)] }
    func step() {
        for group in paramGroups {
            for p in group.parameters {
                guard let g = p.grad else { continue }
                p.withUnsafeMutableBufferPointer { theta in
                    for i in theta.indices { theta[i] -= Float(group.lr) * g.scalars[i] }
                }
            }
        }
    }
}

final class CustomOptimizerTests: XCTestCase {
    func testCustomOptimizerWorksWithSchedulersAndStateDicts() throws {
        let p = Tensor([1, 2], requiresGrad: true)
        let optimizer = HandWrittenGD([p], lr: 0.1)
        let scheduler = StepLR(optimizer, stepSize: 1, gamma: 0.5)
        p.grad = Tensor([1, 1])
        optimizer.step()
        scheduler.step()
        XCTAssertEqual(optimizer.lr, 0.05)
        let other = HandWrittenGD([Tensor([0, 0])], lr: 1)
        try other.loadStateDict(optimizer.stateDict())
        XCTAssertEqual(other.lr, 0.05)
        let q = Tensor([0, 0], requiresGrad: true)
        let adam = Adam([q])
        q.grad = Tensor([1, 1])
        adam.step()
        XCTAssertThrowsError(try other.loadStateDict(adam.stateDict()), "Adam's buffers do not fit")
    }
}
