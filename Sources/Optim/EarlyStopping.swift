import Tensors

/// Stops training when a monitored metric stops improving, with PyTorch
/// Lightning's `EarlyStopping` semantics, and (as Keras's
/// `restore_best_weights`) keeps a copy of the best parameters.
///
/// With Δ = `minDelta` ≥ 0, an epoch improves on `bestValue` only if
///
///     min mode: value + Δ < bestValue        max mode: value − Δ > bestValue
///
/// (strictly: equalling the best by exactly Δ is not an improvement). After
/// `patience` epochs in a row without improvement, `update` returns true.
/// A NaN or infinite value stops at once when `checkFinite` is on (the
/// guard against a diverging run, e.g. Adam at lr 0.1).
///
///     let stopper = EarlyStopping(patience: 3)
///     for epoch in 0..<epochs {
///         train(...)
///         if stopper.update(value: validationLoss, epoch: epoch, parameters: model.parameters) { break }
///     }
///     stopper.restoreBest(into: model.parameters)
public final class EarlyStopping {
    public enum Mode { case min, max }

    /// The metric's name, for logs (Lightning's `monitor`).
    public let monitor: String
    public let mode: Mode
    public let patience: Int
    public let minDelta: Double
    public let restoreBestWeights: Bool
    public let checkFinite: Bool

    /// The best value so far (+∞ for `.min`, −∞ for `.max` before any update).
    public private(set) var bestValue: Double
    /// The epoch of `bestValue`, `nil` before the first improvement.
    public private(set) var bestEpoch: Int?
    /// Epochs since the last improvement (Lightning's `wait_count`).
    public private(set) var waitCount = 0
    /// The epoch at which `update` first returned true.
    public private(set) var stoppedEpoch: Int?
    /// Why training stopped, for logs.
    public private(set) var stopReason: String?

    /// Copies of the parameters at `bestEpoch`, allocated once and overwritten in place.
    private var bestParameters: [Tensor] = []

    public init(monitor: String = "val_loss", mode: Mode = .min, patience: Int = 3, minDelta: Double = 0,
                restoreBestWeights: Bool = true, checkFinite: Bool = true) {
        checkUsage(patience >= 0, "EarlyStopping", "needs patience >= 0, got \(patience)")
        checkUsage(minDelta >= 0, "EarlyStopping", "needs minDelta >= 0, got \(minDelta)")
        self.monitor = monitor
        self.mode = mode
        self.patience = patience
        self.minDelta = minDelta
        self.restoreBestWeights = restoreBestWeights
        self.checkFinite = checkFinite
        bestValue = mode == .min ? .infinity : -.infinity
    }

    /// Whether `value` improves on `bestValue` by more than `minDelta`,
    /// written as Lightning's `monitor_op(current - min_delta, best)` (its
    /// min_delta is negated in min mode) so that ties round the same way.
    public func isImprovement(_ value: Double) -> Bool {
        switch mode {
        case .min: return value + minDelta < bestValue
        case .max: return value - minDelta > bestValue
        }
    }

    /// Records one epoch's metric; returns true when training should stop.
    /// On improvement the parameters' values are copied (if `restoreBestWeights`).
    @discardableResult
    public func update(value: Double, epoch: Int, parameters: [Tensor] = []) -> Bool {
        var shouldStop = false
        if checkFinite && !value.isFinite {
            shouldStop = true
            stopReason = "\(monitor) = \(value) is not finite; best was \(bestValue) at epoch \(bestEpoch.map(String.init) ?? "none")"
        } else if isImprovement(value) {
            bestValue = value
            bestEpoch = epoch
            waitCount = 0
            if restoreBestWeights { saveBest(parameters) }
        } else {
            waitCount += 1
            if waitCount >= patience {
                shouldStop = true
                stopReason = "\(monitor) did not improve by more than \(minDelta) for \(waitCount) epochs; "
                    + "best \(bestValue) at epoch \(bestEpoch.map(String.init) ?? "none")"
            }
        }
        if shouldStop && stoppedEpoch == nil { stoppedEpoch = epoch }
        return shouldStop
    }

    private func saveBest(_ parameters: [Tensor]) {
        if bestParameters.isEmpty {
            bestParameters = parameters.map { $0.detach().clone() }
            return
        }
        checkUsage(bestParameters.count == parameters.count
                        && zip(bestParameters, parameters).allSatisfy { $0.shape == $1.shape }, "EarlyStopping", "EarlyStopping.update got different parameters than before")
        for (copy, parameter) in zip(bestParameters, parameters) { copy.copy(from: parameter) }
    }

    /// Whether a copy of the best parameters is held.
    public var hasBestParameters: Bool { !bestParameters.isEmpty }

    /// Writes the best epoch's values back into `parameters` (in place, outside
    /// autograd). Does nothing if no improvement was ever recorded.
    public func restoreBest(into parameters: [Tensor]) {
        guard hasBestParameters else { return }
        checkUsage(bestParameters.count == parameters.count
                        && zip(bestParameters, parameters).allSatisfy { $0.shape == $1.shape }, "EarlyStopping", "restoreBest(into:) needs the same parameters, in the same order, as update()")
        for (parameter, copy) in zip(parameters, bestParameters) { parameter.copy(from: copy) }
    }
}
