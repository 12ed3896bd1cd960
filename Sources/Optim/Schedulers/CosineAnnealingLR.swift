import Tensors
import Foundation

/// Cosine annealing from η₀ down to `etaMin` over `tMax` steps, as
/// `torch.optim.lr_scheduler.CosineAnnealingLR`:
///
///     η_t = η_min + (η₀ − η_min) · (1 + cos(π·t / T_max)) / 2
///
/// Past `tMax` PyTorch does not hold η_min: the cosine goes on, so the lr
/// climbs back to η₀ at t = 2·T_max and repeats with period 2·T_max. This
/// class does the same (its recursive form is PyTorch's, which equals the
/// closed form above for every t). Pick `tMax` = the number of steps you
/// will take, or use `CosineAnnealingWarmRestarts` for deliberate restarts.
///
/// If η₀ = η_min the schedule is flat (the seed notebook's example with
/// lr = eta_min = 1e-4).
public final class CosineAnnealingLR: LRScheduler {
    public let tMax: Int
    public let etaMin: Double

    public init(_ optimizer: Optimizer, tMax: Int, etaMin: Double = 0) {
        checkUsage(tMax > 0, "CosineAnnealingLR", "needs tMax > 0, got \(tMax)")
        self.tMax = tMax
        self.etaMin = etaMin
        super.init(optimizer: optimizer)
    }

    override func chainableLRs() -> [Double] {
        let t = Double(lastEpoch), period = Double(tMax)
        if lastEpoch == 0 { return currentLRs }
        if (lastEpoch - 1 - tMax) % (2 * tMax) == 0 {
            // Just past a minimum the ratio below would be 0/0; PyTorch steps up explicitly.
            return zip(currentLRs, baseLRs).map { lr, base in
                lr + (base - etaMin) * (1 - cos(Double.pi / period)) / 2
            }
        }
        let ratio = (1 + cos(Double.pi * t / period)) / (1 + cos(Double.pi * (t - 1) / period))
        return currentLRs.map { ratio * ($0 - etaMin) + etaMin }
    }

    override func closedFormLRs() -> [Double]? {
        baseLRs.map { etaMin + ($0 - etaMin) * (1 + cos(Double.pi * Double(lastEpoch) / Double(tMax))) / 2 }
    }

    override func copy(on optimizer: Optimizer) -> LRScheduler {
        let copy = CosineAnnealingLR(optimizer, tMax: tMax, etaMin: etaMin)
        copy.copyState(from: self)
        return copy
    }
}
