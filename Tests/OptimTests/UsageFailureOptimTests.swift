import Optim
import Tensors
import TestSupport
import XCTest

/// Optimizer and scheduler arguments out of range stop the program with exit
/// code 1, the optimizer's name, the value and what is valid.
final class UsageFailureOptimTests: XCTestCase {
    let parameters = [Tensor.zeros([3], requiresGrad: true)]

    func testNegativeLearningRate() throws {
        try expectUsageFailure(line: #line + 1, ["error: SGD: invalid learning rate lr = -1.0", "valid: lr ≥ 0"]) {
            _ = SGD(parameters, lr: -1)
        }
    }

    func testNegativeMomentum() throws {
        try expectUsageFailure(line: #line + 1, ["error: SGD: invalid momentum -0.5"]) {
            _ = SGD(parameters, lr: 0.1, momentum: -0.5)
        }
    }

    func testBetaOfOne() throws {
        try expectUsageFailure(line: #line + 1, ["error: Adam: invalid beta1 = 1.0 in betas (1.0, 0.999)", "valid: 0 ≤ beta1 < 1"]) {
            _ = Adam(parameters, lr: 0.1, betas: (1.0, 0.999))
        }
    }

    func testNegativeWeightDecay() throws {
        try expectUsageFailure(line: #line + 1, ["error: AdamW: invalid weightDecay = -5.0", "valid: weightDecay ≥ 0"]) {
            _ = AdamW(parameters, lr: 0.1, weightDecay: -5)
        }
    }

    func testSchedulerWithAZeroPeriod() throws {
        let sgd = SGD(parameters, lr: 0.1)
        try expectUsageFailure(line: #line + 1, ["error: CosineAnnealingLR: needs tMax > 0, got 0"]) {
            _ = CosineAnnealingLR(sgd, tMax: 0)
        }
    }

    func testStepLRWithAZeroStep() throws {
        let sgd = SGD(parameters, lr: 0.1)
        try expectUsageFailure(line: #line + 1, ["error: StepLR: needs stepSize > 0, got -1"]) {
            _ = StepLR(sgd, stepSize: -1)
        }
    }
}
