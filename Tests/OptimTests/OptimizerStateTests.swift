import Foundation
import XCTest
import Optim
import Tensors

final class OptimizerStateTests: XCTestCase {
    /// Gradients of f(θ) = Σ (i+1)·θᵢ² / 2 + sin(θᵢ), recomputed from θ each step.
    private func setGradients(_ parameters: [Tensor]) {
        for p in parameters {
            p.grad = Tensor(p.scalars.enumerated().map { i, x in Float(i + 1) * x + Float(Foundation.sin(Double(x))) },
                            shape: p.shape)
        }
    }

    private func train(_ optimizer: Optimizer, _ parameters: [Tensor], steps: Int) {
        for _ in 0..<steps {
            optimizer.zeroGrad()
            setGradients(parameters)
            optimizer.step()
        }
    }

    private func makeParameters() -> [Tensor] {
        [Tensor(rows: [[1, -2, 0.5], [0.25, 3, -1]], requiresGrad: true),
         Tensor([0.5, -0.75], requiresGrad: true)]
    }

    private func assertResumesExactly(_ make: ([Tensor]) -> Optimizer, file: StaticString = #filePath,
                                      line: UInt = #line) throws {
        let straight = makeParameters()
        train(make(straight), straight, steps: 6)

        let first = makeParameters()
        let firstOptimizer = make(first)
        train(firstOptimizer, first, steps: 3)
        let checkpoint = firstOptimizer.stateDict()
        let saved = first.map { $0.clone() }
        // Training on after the save must not leak into the checkpoint.
        train(firstOptimizer, first, steps: 2)

        let resumed = saved.map { p -> Tensor in
            let t = Tensor(p.scalars, shape: p.shape, requiresGrad: true)
            return t
        }
        let resumedOptimizer = make(resumed)
        try resumedOptimizer.loadStateDict(checkpoint)
        train(resumedOptimizer, resumed, steps: 3)
        for (a, b) in zip(resumed, straight) {
            XCTAssertEqual(a.scalars, b.scalars, "3 + 3 steps must equal 6 steps bit for bit",
                           file: file, line: line)
        }
    }

    func testResumeIsBitIdentical() throws {
        try assertResumesExactly { SGD($0, lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01) }
        try assertResumesExactly { Adam($0, lr: 0.05, weightDecay: 0.01, amsgrad: true) }
        try assertResumesExactly { AdamW($0, lr: 0.05) }
        try assertResumesExactly { RMSprop($0, lr: 0.01, momentum: 0.5, centered: true) }
        try assertResumesExactly { Adagrad($0, lr: 0.1, lrDecay: 0.1, initialAccumulatorValue: 0.1) }
    }

    func testStateUsesPyTorchNames() {
        let parameters = makeParameters()
        let adam = Adam(parameters, amsgrad: true)
        train(adam, parameters, steps: 2)
        let state = adam.stateDict()
        XCTAssertEqual(Set(state.state[0]!.buffers.keys), ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
        XCTAssertEqual(state.state[1]?.step, 2)
        XCTAssertEqual(state.state[0]!.buffers["exp_avg"]!.shape, [2, 3])
        XCTAssertEqual(state.paramGroups[0].parameterIndices, [0, 1])

        let sgd = SGD(parameters, lr: 0.1, momentum: 0.9)
        train(sgd, parameters, steps: 1)
        XCTAssertEqual(Set(sgd.stateDict().state[1]!.buffers.keys), ["momentum_buffer"])
        XCTAssertNil(sgd.stateDict().state[1]!.step)
    }

    func testLoadRestoresHyperparameters() throws {
        let parameters = makeParameters()
        let saved = Adam(parameters, lr: 0.02)
        saved.paramGroups[0].initialLR = 0.02
        saved.lr = 0.005
        let other = Adam(makeParameters(), lr: 0.1)
        try other.loadStateDict(saved.stateDict())
        XCTAssertEqual(other.lr, 0.005)
        XCTAssertEqual(other.paramGroups[0].initialLR, 0.02)
    }

    func testMismatchesThrowClearErrors() {
        let parameters = makeParameters()
        let adam = Adam(parameters)
        train(adam, parameters, steps: 1)
        let state = adam.stateDict()

        XCTAssertThrowsError(try Adam([parameters[0]]).loadStateDict(state)) { error in
            XCTAssertTrue("\(error)".contains("had 2 parameter(s) when saved but has 1 now"), "\(error)")
        }
        let reshaped = [Tensor.zeros([3, 2]), Tensor.zeros([2])]
        XCTAssertThrowsError(try Adam(reshaped).loadStateDict(state)) { error in
            XCTAssertTrue("\(error)".contains("shape [2, 3] when saved but has shape [3, 2]"), "\(error)")
        }
        let twoGroups = [ParameterGroup(parameters: [parameters[0]]), ParameterGroup(parameters: [parameters[1]])]
        XCTAssertThrowsError(try Adam(twoGroups).loadStateDict(state)) { error in
            XCTAssertTrue("\(error)".contains("1 parameter group(s) but this optimizer has 2"), "\(error)")
        }
        let sgd = SGD(makeParameters(), lr: 0.1)
        XCTAssertThrowsError(try sgd.loadStateDict(state)) { error in
            XCTAssertTrue("\(error)".contains("'exp_avg' that SGD does not use"), "\(error)")
        }
        XCTAssertEqual(sgd.lr, 0.1, "a failed load changes nothing")
    }
}
