import Tensors
/// Cuts the lr when a metric stops improving, as
/// `torch.optim.lr_scheduler.ReduceLROnPlateau`. Call `step(metric:)` once
/// per evaluation (usually per epoch, with the validation loss).
///
/// Each call: if the metric is better than `best` (below), it becomes the new
/// best and the bad-epoch count resets; otherwise the count grows. During
/// cooldown bad epochs are not counted. When more than `patience` bad epochs
/// have accumulated, every group's lr becomes max(lr·factor, minLR) (unless
/// that changes it by no more than `eps`), and cooldown starts.
///
/// "Better", with threshold δ:
///
///     min, rel: a < best·(1 − δ)       max, rel: a > best·(1 + δ)
///     min, abs: a < best − δ           max, abs: a > best + δ
public final class ReduceLROnPlateau {
    public enum Mode { case min, max }
    public enum ThresholdMode { case rel, abs }

    public let optimizer: Optimizer
    public let mode: Mode
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    public let cooldown: Int
    public let minLRs: [Double]
    public let eps: Double

    /// The best metric so far (+∞ for `.min`, −∞ for `.max` before the first step).
    public private(set) var best: Double
    public private(set) var numBadEpochs = 0
    public private(set) var cooldownCounter = 0
    public private(set) var lastEpoch = 0
    public private(set) var lastLR: [Double]

    public init(_ optimizer: Optimizer, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
                threshold: Double = 1e-4, thresholdMode: ThresholdMode = .rel, cooldown: Int = 0,
                minLR: Double = 0, minLRs: [Double]? = nil, eps: Double = 1e-8) {
        checkUsage(factor < 1, "ReduceLROnPlateau", "factor should be < 1.0, got \(factor)")
        let groups = optimizer.paramGroups.count
        checkUsage(minLRs == nil || minLRs!.count == groups, "ReduceLROnPlateau", "expected \(groups) minLRs (one per parameter group), got \(minLRs!.count)")
        self.optimizer = optimizer
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minLRs = minLRs ?? Array(repeating: minLR, count: groups)
        self.eps = eps
        best = mode == .min ? .infinity : -.infinity
        lastLR = optimizer.paramGroups.map(\.lr)
    }

    public var inCooldown: Bool { cooldownCounter > 0 }

    public func getLastLR() -> [Double] { lastLR }

    /// Whether `value` counts as an improvement over `best`. NaN never does.
    public func isBetter(_ value: Double, than best: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .rel): return value < best * (1 - threshold)
        case (.min, .abs): return value < best - threshold
        case (.max, .rel): return value > best * (threshold + 1)
        case (.max, .abs): return value > best + threshold
        }
    }

    public func step(metric: Double) {
        lastEpoch += 1
        if isBetter(metric, than: best) {
            best = metric
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if inCooldown {
            cooldownCounter -= 1
            numBadEpochs = 0
        }
        if numBadEpochs > patience {
            reduceLR()
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
        lastLR = optimizer.paramGroups.map(\.lr)
    }

    private func reduceLR() {
        for index in optimizer.paramGroups.indices {
            let old = optimizer.paramGroups[index].lr
            let new = Swift.max(old * factor, minLRs[index])
            if old - new > eps { optimizer.paramGroups[index].lr = new }
        }
    }
}
