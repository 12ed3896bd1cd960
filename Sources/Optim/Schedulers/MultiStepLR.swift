import Foundation

/// Multiplies the lr by γ at each milestone epoch, as `torch.optim.lr_scheduler.MultiStepLR`:
///
///     η_t = η₀ · γ^(number of milestones ≤ t)
///
/// A milestone listed twice multiplies by γ² there, as PyTorch's `Counter` does.
public final class MultiStepLR: LRScheduler {
    public let milestones: [Int]
    public let gamma: Double

    public init(_ optimizer: Optimizer, milestones: [Int], gamma: Double = 0.1) {
        self.milestones = milestones.sorted()
        self.gamma = gamma
        super.init(optimizer: optimizer)
    }

    override func chainableLRs() -> [Double] {
        let hits = milestones.filter { $0 == lastEpoch }.count
        if hits == 0 { return currentLRs }
        return currentLRs.map { $0 * pow(gamma, Double(hits)) }
    }

    override func closedFormLRs() -> [Double]? {
        let passed = milestones.filter { $0 <= lastEpoch }.count
        return baseLRs.map { $0 * pow(gamma, Double(passed)) }
    }

    override func copy(on optimizer: Optimizer) -> LRScheduler {
        let copy = MultiStepLR(optimizer, milestones: milestones, gamma: gamma)
        copy.copyState(from: self)
        return copy
    }
}
