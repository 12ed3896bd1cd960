import Datasets
import NN
import Optim
import Tensors

/// One batch from a `DataLoader`: images [B, 1, H, W] and their labels.
public typealias Batch = DataLoader.Element

/// What `configureOptimizers` returns: an optimizer and, optionally, a
/// scheduler stepped after every epoch or every batch (Lightning's
/// `{"optimizer": ..., "lr_scheduler": {"scheduler": ..., "interval": ...}}`),
/// or a `ReduceLROnPlateau` fed the `monitor`ed metric after validation.
public struct OptimizerConfiguration {
    public enum Interval: String, Sendable { case epoch, step }

    public var optimizer: Optimizer
    public var scheduler: LRScheduler?
    public var interval: Interval
    public var plateau: ReduceLROnPlateau?
    public var monitor: String?

    public init(_ optimizer: Optimizer, scheduler: LRScheduler? = nil, interval: Interval = .epoch) {
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.interval = interval
    }

    public init(_ optimizer: Optimizer, plateau: ReduceLROnPlateau, monitor: String) {
        self.optimizer = optimizer
        self.plateau = plateau
        self.monitor = monitor
        interval = .epoch
    }
}

/// A model that knows how to train itself, like `pl.LightningModule`: it is a
/// `Module` (its parameters keep PyTorch's names, prefixed by the attribute
/// that holds the network, e.g. `net.layers.0.weight`) with the steps that
/// `Trainer` calls.
///
///     final class Classifier: LightningModule {
///         let net = MLP()
///         let lossFunction = CrossEntropyLoss()
///         override func forward(_ x: Tensor) -> Tensor { net(x) }
///         override func trainingStep(_ batch: Batch, batchIndex: Int) -> Tensor {
///             let loss = lossFunction(self(batch.images), batch.labels)
///             log("train/loss", loss)
///             return loss
///         }
///         override func configureOptimizers() -> OptimizerConfiguration {
///             OptimizerConfiguration(Adam(parameters(), lr: 1e-3))
///         }
///     }
///
/// Everything but `trainingStep` and `configureOptimizers` is optional.
open class LightningModule: Module {
    /// The trainer running this module, while it runs.
    public internal(set) weak var trainer: Trainer?
    /// Hyperparameters saved beside the logs (`self.save_hyperparameters()`).
    public var hparams: [(String, String)] = []

    public override init() { super.init() }

    /// Records `hparams` (name, value) in order, as `save_hyperparameters()`.
    public func saveHyperparameters(_ values: KeyValuePairs<String, Any>) {
        hparams = values.map { ($0.key, "\($0.value)") }
    }

    /// Returns the loss of one training batch; the trainer back-propagates it.
    open func trainingStep(_ batch: Batch, batchIndex: Int) -> Tensor {
        usageFailure("\(typeName).trainingStep", "\(typeName) does not override trainingStep(_:batchIndex:)",
                     valid: "override func trainingStep(_ batch: Batch, batchIndex: Int) -> Tensor { ... } returning the loss")
    }

    /// Evaluates one validation batch (in eval mode, without a graph); log what you measure.
    open func validationStep(_ batch: Batch, batchIndex: Int) {}

    /// Evaluates one test batch; log what you measure.
    open func testStep(_ batch: Batch, batchIndex: Int) {}

    /// The model's output for one batch; by default `self(batch.images)`.
    open func predictStep(_ batch: Batch, batchIndex: Int) -> Tensor { self(batch.images) }

    /// The optimizer (and scheduler) to train with.
    open func configureOptimizers() -> OptimizerConfiguration {
        usageFailure("\(typeName).configureOptimizers", "\(typeName) does not override configureOptimizers()",
                     valid: "override func configureOptimizers() -> OptimizerConfiguration { ... }")
    }

    /// Logs a number under `name` (`self.log`). In `trainingStep` the default is
    /// per step (`onStep: true, onEpoch: false`), elsewhere per epoch; epoch
    /// values are batch-size-weighted means. With both, the names get
    /// `_step` and `_epoch` suffixes, as in Lightning.
    public func log(_ name: String, _ value: Double, onStep: Bool? = nil, onEpoch: Bool? = nil,
                    progressBar: Bool = false, batchSize: Int? = nil) {
        trainer?.record(name, value: value, onStep: onStep, onEpoch: onEpoch, progressBar: progressBar,
                        batchSize: batchSize)
    }

    public func log(_ name: String, _ value: Tensor, onStep: Bool? = nil, onEpoch: Bool? = nil,
                    progressBar: Bool = false, batchSize: Int? = nil) {
        log(name, Double(value.item()), onStep: onStep, onEpoch: onEpoch, progressBar: progressBar,
            batchSize: batchSize)
    }

    /// Logs a metric object that accumulates over the epoch (torchmetrics
    /// style: `self.log("val/acc", self.accuracy)`); the trainer computes it at
    /// the end of the epoch and resets it.
    public func log(_ name: String, metric: EpochMetric, progressBar: Bool = false) {
        trainer?.record(name, metric: metric, progressBar: progressBar)
    }
}

/// A metric that accumulates batches and is read once per epoch.
public protocol EpochMetric: AnyObject {
    /// The value over everything added since the last reset.
    var epochValue: Double { get }
    func reset()
}

extension MulticlassAccuracy: EpochMetric {
    /// The averaged accuracy (`.macro` or `.micro`); for `.none`, the mean of the classes.
    public var epochValue: Double {
        let values = compute()
        return values.reduce(0, +) / Double(max(values.count, 1))
    }
}

extension MeanMetric: EpochMetric {
    public var epochValue: Double { compute() }
}
