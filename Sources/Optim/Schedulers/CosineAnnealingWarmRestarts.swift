import Tensors
import Foundation

/// Cosine annealing with warm restarts (SGDR), as
/// `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`:
///
///     η_t = η_min + (η₀ − η_min) · (1 + cos(π·T_cur / T_i)) / 2
///
/// T_cur counts steps since the last restart; when it reaches T_i the lr
/// jumps back to η₀ and the next cycle is T_i·tMult long (T_0, T_0·m, T_0·m², ...).
/// For per-batch updates PyTorch also accepts fractional epochs:
/// `step(epoch: Double(epoch) + Double(i) / Double(batches))`.
public final class CosineAnnealingWarmRestarts: LRScheduler {
    public let t0: Int
    public let tMult: Int
    public let etaMin: Double
    /// Steps (possibly fractional) since the last restart.
    public private(set) var tCur: Double = -1
    /// The length of the current cycle.
    public private(set) var tI: Int

    public init(_ optimizer: Optimizer, t0: Int, tMult: Int = 1, etaMin: Double = 0) {
        checkUsage(t0 > 0, "CosineAnnealingWarmRestarts", "needs t0 > 0, got \(t0)")
        checkUsage(tMult >= 1, "CosineAnnealingWarmRestarts", "needs tMult >= 1, got \(tMult)")
        self.t0 = t0
        self.tMult = tMult
        self.etaMin = etaMin
        tI = t0
        super.init(optimizer: optimizer)
    }

    public override func step() {
        if lastEpoch < 0 {
            step(epoch: 0)
            return
        }
        lastEpoch += 1
        tCur += 1
        if tCur >= Double(tI) {
            tCur -= Double(tI)
            tI *= tMult
        }
        apply(chainableLRs())
    }

    /// Jumps to `epoch` (fractional allowed), placing it in its cycle.
    public func step(epoch: Double) {
        checkUsage(epoch >= 0, "CosineAnnealingWarmRestarts", "expected a non-negative epoch, got \(epoch)")
        if epoch >= Double(t0) {
            if tMult == 1 {
                tCur = epoch.truncatingRemainder(dividingBy: Double(t0))
            } else {
                let m = Double(tMult)
                let n = Int(log(epoch / Double(t0) * (m - 1) + 1) / log(m))
                tCur = epoch - Double(t0) * (pow(m, Double(n)) - 1) / (m - 1)
                tI = t0 * Int(pow(m, Double(n)))
            }
        } else {
            tI = t0
            tCur = epoch
        }
        lastEpoch = Int(epoch.rounded(.down))
        apply(chainableLRs())
    }

    override func step(toEpoch epoch: Int) { step(epoch: Double(epoch)) }

    override func chainableLRs() -> [Double] {
        baseLRs.map { etaMin + ($0 - etaMin) * (1 + cos(Double.pi * tCur / Double(tI))) / 2 }
    }

    override func checkPosition(_ state: [String: [Double]]) throws {
        try super.checkPosition(state)
        guard state["T_cur"]?.count == 1, let tI = state["T_i"], tI.count == 1, tI[0] >= 1 else {
            throw SchedulerStateError(scheduler: "CosineAnnealingWarmRestarts", message: "no T_cur or T_i")
        }
    }

    override func addPosition(to state: inout [String: [Double]]) {
        state["T_cur"] = [tCur]
        state["T_i"] = [Double(tI)]
    }

    override func loadPosition(_ state: [String: [Double]]) {
        tCur = state["T_cur"]![0]
        tI = Int(state["T_i"]![0])
    }

    override func copy(on optimizer: Optimizer) -> LRScheduler {
        let copy = CosineAnnealingWarmRestarts(optimizer, t0: t0, tMult: tMult, etaMin: etaMin)
        copy.copyState(from: self)
        copy.tCur = tCur
        copy.tI = tI
        return copy
    }
}
