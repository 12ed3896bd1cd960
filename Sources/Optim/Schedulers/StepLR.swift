import Tensors
import Foundation

/// Multiplies the lr by γ every `stepSize` epochs, as `torch.optim.lr_scheduler.StepLR`:
///
///     η_t = η₀ · γ^⌊t / stepSize⌋
public final class StepLR: LRScheduler {
    public let stepSize: Int
    public let gamma: Double

    public init(_ optimizer: Optimizer, stepSize: Int, gamma: Double = 0.1) {
        checkUsage(stepSize > 0, "StepLR", "needs stepSize > 0, got \(stepSize)")
        self.stepSize = stepSize
        self.gamma = gamma
        super.init(optimizer: optimizer)
    }

    override func chainableLRs() -> [Double] {
        if lastEpoch == 0 || lastEpoch % stepSize != 0 { return currentLRs }
        return currentLRs.map { $0 * gamma }
    }

    override func closedFormLRs() -> [Double]? {
        baseLRs.map { $0 * pow(gamma, Double(lastEpoch / stepSize)) }
    }

    override func copy(on optimizer: Optimizer) -> LRScheduler {
        let copy = StepLR(optimizer, stepSize: stepSize, gamma: gamma)
        copy.copyState(from: self)
        return copy
    }
}
