import Tensors
/// Multiplies the lr by `factor` for the first `totalIters` epochs, then
/// restores it, as `torch.optim.lr_scheduler.ConstantLR`:
///
///     η_t = η₀ · factor   for t < totalIters,   η₀ afterwards
public final class ConstantLR: LRScheduler {
    public let factor: Double
    public let totalIters: Int

    public init(_ optimizer: Optimizer, factor: Double = 1.0 / 3, totalIters: Int = 5) {
        checkUsage(factor >= 0 && factor <= 1, "ConstantLR", "factor must be in [0, 1], got \(factor)")
        self.factor = factor
        self.totalIters = totalIters
        super.init(optimizer: optimizer)
    }

    override func chainableLRs() -> [Double] {
        if lastEpoch == 0 { return currentLRs.map { $0 * factor } }
        if lastEpoch != totalIters { return currentLRs }
        return currentLRs.map { $0 * (1 / factor) }
    }

    override func closedFormLRs() -> [Double]? {
        baseLRs.map { $0 * (factor + (lastEpoch >= totalIters ? 1 - factor : 0)) }
    }

    override func copy(on optimizer: Optimizer) -> LRScheduler {
        let copy = ConstantLR(optimizer, factor: factor, totalIters: totalIters)
        copy.copyState(from: self)
        return copy
    }
}
