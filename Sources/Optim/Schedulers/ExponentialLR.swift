import Foundation

/// Multiplies the lr by γ every epoch, as `torch.optim.lr_scheduler.ExponentialLR`:
///
///     η_t = η₀ · γ^t
public final class ExponentialLR: LRScheduler {
    public let gamma: Double

    public init(_ optimizer: Optimizer, gamma: Double) {
        self.gamma = gamma
        super.init(optimizer: optimizer)
    }

    override func chainableLRs() -> [Double] {
        lastEpoch == 0 ? currentLRs : currentLRs.map { $0 * gamma }
    }

    override func closedFormLRs() -> [Double]? {
        baseLRs.map { $0 * pow(gamma, Double(lastEpoch)) }
    }

    override func copy(on optimizer: Optimizer) -> LRScheduler {
        let copy = ExponentialLR(optimizer, gamma: gamma)
        copy.copyState(from: self)
        return copy
    }
}
