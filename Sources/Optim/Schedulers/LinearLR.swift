import Tensors
/// Scales the lr linearly from `startFactor`·η₀ to `endFactor`·η₀ over
/// `totalIters` steps, then holds it, as `torch.optim.lr_scheduler.LinearLR`:
///
///     η_t = η₀ · (s + (e − s) · min(t, T) / T)
///
/// The usual warm-up in front of a decay (see `SequentialLR`).
public final class LinearLR: LRScheduler {
    public let startFactor: Double
    public let endFactor: Double
    public let totalIters: Int

    public init(_ optimizer: Optimizer, startFactor: Double = 1.0 / 3, endFactor: Double = 1,
                totalIters: Int = 5) {
        checkUsage(startFactor > 0 && startFactor <= 1, "LinearLR", "startFactor must be in (0, 1], got \(startFactor)")
        checkUsage(endFactor >= 0 && endFactor <= 1, "LinearLR", "endFactor must be in [0, 1], got \(endFactor)")
        checkUsage(totalIters > 0, "LinearLR", "needs totalIters > 0, got \(totalIters)")
        self.startFactor = startFactor
        self.endFactor = endFactor
        self.totalIters = totalIters
        super.init(optimizer: optimizer)
    }

    override func chainableLRs() -> [Double] {
        if lastEpoch == 0 { return currentLRs.map { $0 * startFactor } }
        if lastEpoch > totalIters { return currentLRs }
        let ratio = 1 + (endFactor - startFactor)
            / (Double(totalIters) * startFactor + Double(lastEpoch - 1) * (endFactor - startFactor))
        return currentLRs.map { $0 * ratio }
    }

    override func closedFormLRs() -> [Double]? {
        let progress = Double(min(totalIters, lastEpoch)) / Double(totalIters)
        return baseLRs.map { $0 * (startFactor + (endFactor - startFactor) * progress) }
    }

    override func copy(on optimizer: Optimizer) -> LRScheduler {
        let copy = LinearLR(optimizer, startFactor: startFactor, endFactor: endFactor, totalIters: totalIters)
        copy.copyState(from: self)
        return copy
    }
}
