import Tensors

/// A learning-rate scheduler in PyTorch's sense: it writes
/// `optimizer.paramGroups[i].lr` each time you call `step()`.
///
///     let scheduler = MultiStepLR(optimizer, milestones: [8, 24, 28], gamma: 0.5)
///     for epoch in 0..<epochs {
///         train(...)            // uses scheduler.lastLR[0]
///         scheduler.step()      // once per epoch here; once per batch is just as valid
///     }
///
/// Building a scheduler performs PyTorch's initial step: `lastEpoch` becomes 0
/// and the lr is set for epoch 0. The first scheduler on an optimizer records
/// each group's `initialLR`; later ones reuse it as their base lr.
///
/// `step()` uses PyTorch's chainable (recursive) form, which multiplies the
/// group's *current* lr, so several schedulers on one optimizer compose as in
/// PyTorch and a manual lr change carries forward. With only this scheduler
/// changing the lr it equals the closed form that each subclass documents.
public class LRScheduler {
    public let optimizer: Optimizer
    /// Each group's lr at epoch 0 (`base_lrs`).
    public internal(set) var baseLRs: [Double]
    /// How many times `step()` ran since the initial step (`last_epoch`).
    public internal(set) var lastEpoch: Int
    /// The lrs the last step set, one per group (`get_last_lr()`).
    public internal(set) var lastLR: [Double] = []

    /// Attaches to `optimizer`, records `initialLR` where missing, and performs the initial step.
    init(optimizer: Optimizer) {
        self.optimizer = optimizer
        for index in optimizer.paramGroups.indices where optimizer.paramGroups[index].initialLR == nil {
            optimizer.paramGroups[index].initialLR = optimizer.paramGroups[index].lr
        }
        baseLRs = optimizer.paramGroups.map { $0.initialLR! }
        lastEpoch = -1
        step()
    }

    /// For schedulers that manage their own start (SequentialLR): no initial step.
    init(optimizer: Optimizer, baseLRs: [Double], lastEpoch: Int) {
        self.optimizer = optimizer
        self.baseLRs = baseLRs
        self.lastEpoch = lastEpoch
    }

    public func getLastLR() -> [Double] { lastLR }

    /// The scheduler's position, under the names of PyTorch's
    /// `scheduler.state_dict()`: `last_epoch`, `base_lrs`, `_last_lr`, and what
    /// a scheduler adds (`T_cur`, `T_i`; SequentialLR its schedulers' states).
    /// The configuration (step size, milestones, ...) is not in it: a resumed
    /// run builds the scheduler the same way and loads the position into it.
    public func stateDict() -> [String: [Double]] {
        var state = ["last_epoch": [Double(lastEpoch)], "base_lrs": baseLRs, "_last_lr": lastLR]
        addPosition(to: &state)
        return state
    }

    /// Continues the schedule from a `stateDict()`. The optimizer's lrs are
    /// not touched: they come back with the optimizer's own state.
    public func loadStateDict(_ state: [String: [Double]]) throws {
        try checkPosition(state)
        applyPosition(state)
    }

    /// Sets the position from a state that `checkPosition` accepted.
    func applyPosition(_ state: [String: [Double]]) {
        lastEpoch = Int(state["last_epoch"]![0])
        baseLRs = state["base_lrs"]!
        lastLR = state["_last_lr"]!
        loadPosition(state)
    }

    /// Throws unless `state` holds a whole position for this scheduler.
    func checkPosition(_ state: [String: [Double]]) throws {
        func fail(_ message: String) -> SchedulerStateError { SchedulerStateError(scheduler: "\(type(of: self))", message: message) }
        guard let epoch = state["last_epoch"], epoch.count == 1, epoch[0] == epoch[0].rounded() else { throw fail("no last_epoch") }
        let groups = optimizer.paramGroups.count
        for key in ["base_lrs", "_last_lr"] {
            guard let values = state[key] else { throw fail("no \(key)") }
            guard values.count == groups else {
                throw fail("\(key) has \(values.count) value(s) but the optimizer has \(groups) parameter group(s)")
            }
        }
    }

    /// Subclasses with more position than `lastEpoch` add it here, check it in
    /// `checkPosition`, and read it back in `loadPosition`.
    func addPosition(to state: inout [String: [Double]]) {}
    func loadPosition(_ state: [String: [Double]]) {}

    /// Advances one epoch (or batch) and sets each group's lr.
    public func step() {
        lastEpoch += 1
        apply(chainableLRs())
    }

    /// Jumps to `epoch` using the closed form (what `scheduler.step(epoch)`
    /// does in PyTorch; SequentialLR uses it with 0 to restart a scheduler).
    func step(toEpoch epoch: Int) {
        lastEpoch = epoch
        apply(closedFormLRs() ?? chainableLRs())
    }

    func apply(_ lrs: [Double]) {
        for (index, lr) in lrs.enumerated() { optimizer.paramGroups[index].lr = lr }
        lastLR = lrs
    }

    var currentLRs: [Double] { optimizer.paramGroups.map(\.lr) }

    /// The lrs for `lastEpoch` from the current lrs (`get_lr()`); subclasses override.
    func chainableLRs() -> [Double] { fatalError("\(type(of: self)) must override chainableLRs()") }

    /// The lrs for `lastEpoch` from `baseLRs` (`_get_closed_form_lr()`), if there is one.
    func closedFormLRs() -> [Double]? { nil }

    /// A scheduler of the same kind and configuration driving `optimizer`,
    /// with this one's position copied; subclasses override.
    func copy(on optimizer: Optimizer) -> LRScheduler {
        fatalError("\(type(of: self)) must override copy(on:)")
    }

    /// Copies the position shared by all schedulers; subclasses extend it.
    func copyState(from other: LRScheduler) {
        baseLRs = other.baseLRs
        lastEpoch = other.lastEpoch
        lastLR = other.lastLR
    }

    /// The first group's lr now and after each of the next `steps − 1`
    /// steps, computed on a copy: this scheduler and its optimizer are left
    /// exactly as they were (the pitfall of stepping the real scheduler to
    /// draw it, then training with an exhausted schedule).
    public func preview(steps: Int, group: Int = 0) -> [Double] {
        let probe = ScheduleProbe(copying: optimizer.paramGroups)
        let shadow = copy(on: probe)
        // Building the copy ran its initial step on the probe; put the probe
        // back to the real optimizer's current values.
        probe.paramGroups = ScheduleProbe.strip(optimizer.paramGroups)
        var lrs: [Double] = []
        for k in 0..<steps {
            if k > 0 { shadow.step() }
            lrs.append(probe.paramGroups[group].lr)
        }
        return lrs
    }

    /// The schedule that `make` produces for an optimizer starting at `lr`,
    /// for `steps` steps, without any real optimizer:
    ///
    ///     let lrs = LRScheduler.preview(lr: 0.1, steps: 100) { CosineAnnealingLR($0, tMax: 100) }
    ///
    /// The throwaway optimizer has momentum 0.9 and betas (0.9, 0.999), so
    /// OneCycleLR can cycle them.
    public static func preview(lr: Double, steps: Int,
                               _ make: (Optimizer) -> LRScheduler) -> [Double] {
        let probe = ScheduleProbe(copying: [ParameterGroup(parameters: [], lr: lr, momentum: 0.9)])
        let scheduler = make(probe)
        var lrs: [Double] = []
        for k in 0..<steps {
            if k > 0 { scheduler.step() }
            lrs.append(probe.paramGroups[0].lr)
        }
        return lrs
    }
}

/// A scheduler state that does not fit the scheduler it is loaded into.
public struct SchedulerStateError: Error, CustomStringConvertible {
    public let scheduler: String, message: String
    public var description: String { "cannot load the \(scheduler) state: \(message)" }
}

/// An optimizer with the hyperparameters of another but no parameters: it
/// lets a copy of a scheduler run without touching any model.
final class ScheduleProbe: Optimizer {
    var paramGroups: [ParameterGroup]

    init(copying groups: [ParameterGroup]) { paramGroups = ScheduleProbe.strip(groups) }

    static func strip(_ groups: [ParameterGroup]) -> [ParameterGroup] {
        groups.map { group in
            var copy = group
            copy.parameters = []
            return copy
        }
    }

    func step() {}
    func stateDict() -> OptimizerState { OptimizerState(state: [:], paramGroups: []) }
    func loadStateDict(_ state: OptimizerState) throws {}
}
