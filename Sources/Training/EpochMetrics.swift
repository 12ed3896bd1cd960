/// One epoch of `Trainer.history`: the epoch-level metrics the module logged,
/// with the usual ones by name.
///
///     let last = trainer.history.last!
///     s.print("val loss", last.valLoss ?? .nan, "lr", last["lr-SGD"] ?? .nan)
public struct EpochMetrics: Equatable {
    /// 0-based, as Lightning's `current_epoch`.
    public let epoch: Int
    /// Optimizer steps taken when the epoch ended (`global_step`).
    public let step: Int
    /// Every epoch-level metric logged, by its logged name ("val/loss", "lr-SGD", …).
    public let values: [String: Double]

    public init(epoch: Int, step: Int, values: [String: Double]) {
        self.epoch = epoch
        self.step = step
        self.values = values
    }

    /// Mean training loss of the epoch ("train/loss"), when logged.
    public var trainLoss: Double? { values["train/loss"] }
    /// Validation loss ("val/loss"), when the run validated.
    public var valLoss: Double? { values["val/loss"] }
    /// Validation accuracy ("val/acc"), when the module logged it.
    public var valAccuracy: Double? { values["val/acc"] }

    /// Any metric by its logged name; "epoch" and "step" too, as numbers.
    public subscript(key: String) -> Double? {
        switch key {
        case "epoch": return Double(epoch)
        case "step": return Double(step)
        default: return values[key]
        }
    }
}
