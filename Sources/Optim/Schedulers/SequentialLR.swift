import Tensors
/// Runs schedulers one after another, switching at the milestone epochs, as
/// `torch.optim.lr_scheduler.SequentialLR`. The classic warm-up then decay:
///
///     let warmUp = LinearLR(optimizer, startFactor: 0.1, totalIters: 5)
///     let decay = CosineAnnealingLR(optimizer, tMax: 95)
///     let scheduler = SequentialLR(optimizer, schedulers: [warmUp, decay], milestones: [5])
///
/// As in PyTorch: building it resets every group's lr to its `initialLR` and
/// restarts the first scheduler; at milestone k the next scheduler restarts
/// at its own epoch 0 (closed form, so from the base lr), whatever the
/// previous one left.
public final class SequentialLR: LRScheduler {
    public let schedulers: [LRScheduler]
    public let milestones: [Int]

    public init(_ optimizer: Optimizer, schedulers: [LRScheduler], milestones: [Int]) {
        checkUsage(!schedulers.isEmpty, "SequentialLR", "needs at least one scheduler")
        checkUsage(schedulers.allSatisfy { $0.optimizer === optimizer }, "SequentialLR", "schedulers must all drive the optimizer passed to it")
        checkUsage(milestones.count == schedulers.count - 1, "SequentialLR", "expects one milestone fewer than schedulers; got \(schedulers.count) "
                        + "schedulers and \(milestones.count) milestones")
        checkUsage(zip(milestones, milestones.dropFirst()).allSatisfy { $0 < $1 }, "SequentialLR", "milestones must increase, got \(milestones)")
        self.schedulers = schedulers
        self.milestones = milestones
        for index in optimizer.paramGroups.indices {
            optimizer.paramGroups[index].lr = optimizer.paramGroups[index].initialLR!
        }
        // Undo the initial step each scheduler made when it was built, then
        // redo it for the first one only.
        for scheduler in schedulers { scheduler.lastEpoch -= 1 }
        schedulers[0].step()
        super.init(optimizer: optimizer, baseLRs: optimizer.paramGroups.map { $0.initialLR! }, lastEpoch: 0)
        lastLR = schedulers[0].lastLR
    }

    private init(copying other: SequentialLR, schedulers: [LRScheduler], on optimizer: Optimizer) {
        self.schedulers = schedulers
        milestones = other.milestones
        super.init(optimizer: optimizer, baseLRs: other.baseLRs, lastEpoch: other.lastEpoch)
        lastLR = other.lastLR
    }

    public override func step() {
        lastEpoch += 1
        let index = milestones.filter { $0 <= lastEpoch }.count
        let scheduler = schedulers[index]
        if index > 0 && milestones[index - 1] == lastEpoch {
            scheduler.step(toEpoch: 0)
        } else {
            scheduler.step()
        }
        lastLR = scheduler.lastLR
    }

    // The schedulers' positions go in as `_schedulers.<i>.<key>`.
    override func addPosition(to state: inout [String: [Double]]) {
        for (i, scheduler) in schedulers.enumerated() {
            for (key, value) in scheduler.stateDict() { state["_schedulers.\(i).\(key)"] = value }
        }
    }

    private func part(_ i: Int, of state: [String: [Double]]) -> [String: [Double]] {
        let prefix = "_schedulers.\(i)."
        return Dictionary(uniqueKeysWithValues: state.compactMap { key, value in
            key.hasPrefix(prefix) ? (String(key.dropFirst(prefix.count)), value) : nil
        })
    }

    override func checkPosition(_ state: [String: [Double]]) throws {
        try super.checkPosition(state)
        for (i, scheduler) in schedulers.enumerated() { try scheduler.checkPosition(part(i, of: state)) }
    }

    override func loadPosition(_ state: [String: [Double]]) {
        for (i, scheduler) in schedulers.enumerated() { scheduler.applyPosition(part(i, of: state)) }
    }

    override func copy(on optimizer: Optimizer) -> LRScheduler {
        SequentialLR(copying: self, schedulers: schedulers.map { $0.copy(on: optimizer) }, on: optimizer)
    }
}
