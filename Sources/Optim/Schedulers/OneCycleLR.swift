import Tensors
import Foundation

/// The 1cycle policy, as `torch.optim.lr_scheduler.OneCycleLR`; step it once per batch.
///
/// With η_max = `maxLR`, η_init = η_max / `divFactor`, η_min = η_init / `finalDivFactor`
/// and p = `pctStart`, N = `totalSteps`, the phases end at these steps:
///
///     two phases:   η_init → η_max until p·N − 1,  η_max → η_min until N − 1
///     three phases: η_init → η_max until p·N − 1,  η_max → η_init until 2p·N − 2,
///                   η_init → η_min until N − 1
///
/// Within a phase from a to b at fraction x of it:
///
///     cos:    b + (a − b)·(1 + cos(π·x)) / 2
///     linear: a + (b − a)·x
///
/// With `cycleMomentum` (PyTorch's default) the momentum — `momentum` for SGD
/// and RMSprop, β₁ for Adam and AdamW — runs the other way, `maxMomentum` →
/// `baseMomentum` → `maxMomentum`. Beware, as in PyTorch: on plain SGD
/// (momentum 0) this switches momentum *on*; pass `cycleMomentum: false` to
/// keep it off. Stepping more than N times is an error, as in PyTorch.
public final class OneCycleLR: LRScheduler {
    public enum AnnealStrategy { case cos, linear }

    public let totalSteps: Int
    public let annealStrategy: AnnealStrategy
    public let cycleMomentum: Bool
    let maxLRs: [Double], minLRs: [Double]
    let maxMomentum: Double, baseMomentum: Double
    let usesBeta1: Bool
    let phases: [Phase]
    let configuration: (maxLR: Double, pctStart: Double, divFactor: Double, finalDivFactor: Double,
                        threePhase: Bool)

    enum Level { case initial, max, min }
    enum MomentumLevel { case max, base }
    struct Phase {
        let endStep: Double
        let startLR: Level, endLR: Level
        let startMomentum: MomentumLevel, endMomentum: MomentumLevel
    }

    public init(_ optimizer: Optimizer, maxLR: Double, totalSteps: Int, pctStart: Double = 0.3,
                annealStrategy: AnnealStrategy = .cos, cycleMomentum: Bool = true,
                baseMomentum: Double = 0.85, maxMomentum: Double = 0.95, divFactor: Double = 25,
                finalDivFactor: Double = 1e4, threePhase: Bool = false) {
        checkUsage(totalSteps > 0, "OneCycleLR", "needs totalSteps > 0, got \(totalSteps)")
        checkUsage(pctStart >= 0 && pctStart <= 1, "OneCycleLR", "pctStart must be in [0, 1], got \(pctStart)")
        let n = Double(totalSteps)
        phases = threePhase
            ? [Phase(endStep: pctStart * n - 1, startLR: .initial, endLR: .max, startMomentum: .max, endMomentum: .base),
               Phase(endStep: 2 * pctStart * n - 2, startLR: .max, endLR: .initial, startMomentum: .base, endMomentum: .max),
               Phase(endStep: n - 1, startLR: .initial, endLR: .min, startMomentum: .max, endMomentum: .max)]
            : [Phase(endStep: pctStart * n - 1, startLR: .initial, endLR: .max, startMomentum: .max, endMomentum: .base),
               Phase(endStep: n - 1, startLR: .max, endLR: .min, startMomentum: .base, endMomentum: .max)]
        var start = 0.0
        for phase in phases {
            // PyTorch would divide 0 by 0 in such a phase.
            checkUsage(phase.endStep != start, "OneCycleLR", "a phase would be empty (totalSteps \(totalSteps), pctStart \(pctStart)); "
                            + "use more steps or a pctStart further from 0 and 1")
            start = phase.endStep
        }
        self.totalSteps = totalSteps
        self.annealStrategy = annealStrategy
        self.cycleMomentum = cycleMomentum
        self.maxMomentum = maxMomentum
        self.baseMomentum = baseMomentum
        configuration = (maxLR, pctStart, divFactor, finalDivFactor, threePhase)
        let groupCount = optimizer.paramGroups.count
        maxLRs = Array(repeating: maxLR, count: groupCount)
        minLRs = Array(repeating: maxLR / divFactor / finalDivFactor, count: groupCount)
        let hasBetas = optimizer.paramGroups[0].hyperparameters.betas != nil
        checkUsage(!cycleMomentum || hasBetas || optimizer.paramGroups[0].hyperparameters.momentum != nil, "OneCycleLR", "cycles momentum, but this optimizer has neither momentum nor betas; "
                        + "pass cycleMomentum: false")
        usesBeta1 = hasBetas
        // PyTorch overwrites initial_lr here, whatever an earlier scheduler set.
        for index in optimizer.paramGroups.indices {
            optimizer.paramGroups[index].initialLR = maxLR / divFactor
        }
        super.init(optimizer: optimizer)
    }

    public convenience init(_ optimizer: Optimizer, maxLR: Double, epochs: Int, stepsPerEpoch: Int,
                            pctStart: Double = 0.3, annealStrategy: AnnealStrategy = .cos,
                            cycleMomentum: Bool = true, baseMomentum: Double = 0.85,
                            maxMomentum: Double = 0.95, divFactor: Double = 25,
                            finalDivFactor: Double = 1e4, threePhase: Bool = false) {
        self.init(optimizer, maxLR: maxLR, totalSteps: epochs * stepsPerEpoch, pctStart: pctStart,
                  annealStrategy: annealStrategy, cycleMomentum: cycleMomentum,
                  baseMomentum: baseMomentum, maxMomentum: maxMomentum, divFactor: divFactor,
                  finalDivFactor: finalDivFactor, threePhase: threePhase)
    }

    private func anneal(_ start: Double, _ end: Double, _ pct: Double) -> Double {
        switch annealStrategy {
        case .cos: return end + (start - end) / 2 * (cos(Double.pi * pct) + 1)
        case .linear: return (end - start) * pct + start
        }
    }

    override func chainableLRs() -> [Double] {
        checkUsage(lastEpoch <= totalSteps, "OneCycleLR", "Tried to step \(lastEpoch) times. The specified number of total steps is \(totalSteps)")
        let stepNumber = Double(lastEpoch)
        var phase = phases[phases.count - 1], start = 0.0
        for (i, candidate) in phases.enumerated() {
            if stepNumber <= candidate.endStep || i == phases.count - 1 {
                phase = candidate
                break
            }
            start = candidate.endStep
        }
        let pct = (stepNumber - start) / (phase.endStep - start)
        var lrs: [Double] = []
        for index in optimizer.paramGroups.indices {
            func level(_ l: Level) -> Double {
                switch l {
                case .initial: return baseLRs[index]
                case .max: return maxLRs[index]
                case .min: return minLRs[index]
                }
            }
            func momentum(_ l: MomentumLevel) -> Double { l == .max ? maxMomentum : baseMomentum }
            lrs.append(anneal(level(phase.startLR), level(phase.endLR), pct))
            if cycleMomentum {
                let m = anneal(momentum(phase.startMomentum), momentum(phase.endMomentum), pct)
                if usesBeta1 {
                    optimizer.paramGroups[index].betas.0 = m
                } else {
                    optimizer.paramGroups[index].momentum = m
                }
            }
        }
        return lrs
    }

    override func copy(on optimizer: Optimizer) -> LRScheduler {
        let c = configuration
        let copy = OneCycleLR(optimizer, maxLR: c.maxLR, totalSteps: totalSteps, pctStart: c.pctStart,
                              annealStrategy: annealStrategy, cycleMomentum: cycleMomentum,
                              baseMomentum: baseMomentum, maxMomentum: maxMomentum,
                              divFactor: c.divFactor, finalDivFactor: c.finalDivFactor,
                              threePhase: c.threePhase)
        copy.copyState(from: self)
        return copy
    }
}
