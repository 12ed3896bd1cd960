import Console
import Datasets
import Foundation
import NN
import Optim
import Tensors

/// Runs a `LightningModule`'s steps, like `pl.Trainer`:
///
///     let trainer = Trainer(maxEpochs: 10,
///                           callbacks: [ModelCheckpoint(monitor: "val/acc", mode: .max),
///                                       LearningRateMonitor()],
///                           loggers: [CSVLogger(saveDir: root), TensorBoardLogger(saveDir: root)])
///     try trainer.fit(model, train: trainLoader, validation: valLoader)
///     let scores = trainer.test(model, testLoader)      // ["test/loss": ..., ...]
///
/// Per epoch: `trainingStep` on every batch (zero grad, backward, optimizer
/// step, step-wise scheduler), then `validationStep` on every validation batch
/// in eval mode without a graph, then the epoch-wise scheduler, the loggers
/// (one call with every epoch-level metric) and the callbacks. A loss that is
/// NaN or infinite stops training before the bad step is applied: `fit`
/// throws a `DivergenceError` naming the epoch, step and learning rate, and
/// checkpoints already written are left as they are.
public final class Trainer {
    public enum Stage: String, Sendable { case train, validate, test, predict }

    public let maxEpochs: Int
    public let callbacks: [Callback]
    public let loggers: [TrainingLogger]
    /// Step-level metrics go to the loggers every this many steps (Lightning's `log_every_n_steps`).
    public var logEveryNSteps: Int
    /// Use at most this many batches per epoch (Lightning's `limit_train_batches`), for quick runs.
    public var limitTrainBatches: Int?
    public var limitValidationBatches: Int?
    /// Makes the progress bar of each loop; `nil` for none.
    public var progressBar: ((_ total: Int, _ label: String) -> ProgressBar)?

    /// The epoch running now (0-based, as Lightning's `current_epoch`).
    public private(set) var currentEpoch = 0
    /// Optimizer steps taken so far (`global_step`).
    public private(set) var globalStep = 0
    public private(set) var stage: Stage = .train
    /// Set by callbacks (EarlyStopping) to end `fit` after this epoch.
    public var shouldStop = false
    /// The latest value of every logged metric (`callback_metrics`).
    public private(set) var callbackMetrics: [String: Double] = [:]
    /// Every epoch's epoch-level metrics, in order: `history.last?.valLoss`,
    /// `history.map(\.epoch)`, `history[0]["lr-SGD"]`.
    public private(set) var history: [EpochMetrics] = []
    public private(set) var optimizer: Optimizer?
    public private(set) var configuration: OptimizerConfiguration?
    /// The training loader of the running `fit` (its generator goes into full checkpoints).
    public private(set) var trainLoader: DataLoader?

    public init(maxEpochs: Int = 1000, callbacks: [Callback] = [], loggers: [TrainingLogger] = [],
                enableProgressBar: Bool = true, logEveryNSteps: Int = 50,
                limitTrainBatches: Int? = nil, limitValidationBatches: Int? = nil) {
        checkUsage(maxEpochs >= 0, "Trainer", "maxEpochs must be >= 0, got \(maxEpochs)", valid: "maxEpochs ≥ 0, e.g. 10")
        self.maxEpochs = maxEpochs
        self.callbacks = callbacks
        self.loggers = loggers
        self.logEveryNSteps = max(1, logEveryNSteps)
        self.limitTrainBatches = limitTrainBatches
        self.limitValidationBatches = limitValidationBatches
        progressBar = enableProgressBar ? { ProgressBar(total: $0, label: $1) } : nil
    }

    /// The earlier spelling, Lightning's `logger=[…]`; `loggers:` says it takes several.
    @available(*, deprecated, renamed: "init(maxEpochs:callbacks:loggers:enableProgressBar:logEveryNSteps:limitTrainBatches:limitValidationBatches:)")
    public convenience init(maxEpochs: Int = 1000, callbacks: [Callback] = [], logger: [TrainingLogger],
                            enableProgressBar: Bool = true, logEveryNSteps: Int = 50,
                            limitTrainBatches: Int? = nil, limitValidationBatches: Int? = nil) {
        self.init(maxEpochs: maxEpochs, callbacks: callbacks, loggers: logger, enableProgressBar: enableProgressBar,
                  logEveryNSteps: logEveryNSteps, limitTrainBatches: limitTrainBatches,
                  limitValidationBatches: limitValidationBatches)
    }

    // MARK: fit

    /// Trains for `maxEpochs` (or until a callback sets `shouldStop`). With
    /// `checkpoint`, training resumes from a file written by `saveCheckpoint`:
    /// weights, optimizer state, the scheduler's position, epoch, step and
    /// generator states.
    public func fit(_ module: LightningModule, train: DataLoader, validation: DataLoader? = nil,
                    checkpoint: URL? = nil) throws {
        module.trainer = self
        defer { module.trainer = nil }
        let configuration = module.configureOptimizers()
        self.configuration = configuration
        optimizer = configuration.optimizer
        trainLoader = train
        shouldStop = false
        var startEpoch = 0
        if let checkpoint {
            startEpoch = try TrainingCheckpoint.restore(from: checkpoint, module: module, optimizer: configuration.optimizer,
                                                        scheduler: configuration.scheduler,
                                                        generators: [Generator.default, train.generator], trainer: self)
        }
        for logger in loggers { try logger.logHyperparameters(module.hparams) }
        for callback in callbacks { try callback.onFitStart(self, module) }
        defer { for logger in loggers { try? logger.finalize() } }

        for epoch in startEpoch..<max(startEpoch, maxEpochs) {
            currentEpoch = epoch
            startEpochLog(.train)
            for callback in callbacks { try callback.onTrainEpochStart(self, module) }
            try trainingEpoch(module, loader: train, configuration: configuration)
            var metrics = finishEpochLog()
            if let validation {
                metrics.merge(runEvaluation(module, loader: validation, stage: .validate), uniquingKeysWith: { $1 })
            }
            callbackMetrics.merge(metrics, uniquingKeysWith: { $1 })
            stepEpochScheduler(configuration)
            let ordered = metrics.sorted { $0.key < $1.key }
            for logger in loggers { try logger.logMetrics(ordered, step: globalStep, epoch: epoch) }
            history.append(EpochMetrics(epoch: epoch, step: globalStep, values: metrics))
            lastBar?.finish(metrics: ordered.filter { $0.key != "epoch" }.map { ($0.key, Self.format($0.value)) })
            lastBar = nil
            for callback in callbacks { try callback.onTrainEpochEnd(self, module) }
            if shouldStop { break }
        }
        currentEpoch = max(currentEpoch, startEpoch)
        for callback in callbacks { try callback.onFitEnd(self, module) }
    }

    private var lastBar: ProgressBar?

    private func trainingEpoch(_ module: LightningModule, loader: DataLoader, configuration: OptimizerConfiguration) throws {
        let optimizer = configuration.optimizer
        module.train()
        let total = min(loader.count, limitTrainBatches ?? .max)
        let bar = progressBar?(total, "Epoch \(currentEpoch + 1)/\(maxEpochs)")
        lastBar = bar
        var lossSum = 0.0, lossCount = 0
        for (index, batch) in loader.enumerated() {
            if index >= total { break }
            currentBatchSize = batch.labels.count
            let loss = module.trainingStep(batch, batchIndex: index)
            let value = loss.item()
            guard value.isFinite else {
                let error = DivergenceError(epoch: currentEpoch, step: globalStep, lr: optimizer.lr, loss: value)
                bar?.finish(metrics: [("loss", "\(value)")])
                lastBar = nil
                for callback in callbacks { callback.onDivergence(self, module, error: error) }
                throw error
            }
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            if configuration.interval == .step { configuration.scheduler?.step() }
            globalStep += 1
            lossSum += Double(value)
            lossCount += 1
            if globalStep % logEveryNSteps == 0, !stepValues.isEmpty {
                let ordered = stepValues.sorted { $0.key < $1.key }
                for logger in loggers { try logger.logMetrics(ordered, step: globalStep, epoch: currentEpoch) }
            }
            var shown = [("loss", Self.format(lossSum / Double(lossCount)))]
            shown += progressBarNames.compactMap { name in stepValues[name].map { (name, Self.format($0)) } }
            bar?.advance(metrics: shown)
        }
    }

    private func stepEpochScheduler(_ configuration: OptimizerConfiguration) {
        if configuration.interval == .epoch { configuration.scheduler?.step() }
        if let plateau = configuration.plateau, let name = configuration.monitor {
            guard let value = callbackMetrics[name] else {
                usageFailure("Trainer", "ReduceLROnPlateau monitors '\(name)', which was never logged; logged: \(callbackMetrics.keys.sorted())")
            }
            plateau.step(metric: value)
        }
    }

    // MARK: validate, test, predict

    /// Runs `validationStep` over `loader` and returns the epoch-level metrics.
    @discardableResult
    public func validate(_ module: LightningModule, _ loader: DataLoader) -> [String: Double] {
        module.trainer = self
        defer { module.trainer = nil }
        return runEvaluation(module, loader: loader, stage: .validate)
    }

    /// Runs `testStep` over `loader` and returns the epoch-level metrics.
    @discardableResult
    public func test(_ module: LightningModule, _ loader: DataLoader) -> [String: Double] {
        module.trainer = self
        defer { module.trainer = nil }
        return runEvaluation(module, loader: loader, stage: .test)
    }

    /// `predictStep` of every batch, in eval mode without a graph.
    public func predict(_ module: LightningModule, _ loader: DataLoader) -> [Tensor] {
        module.trainer = self
        defer { module.trainer = nil }
        stage = .predict
        let wasTraining = module.training
        module.eval()
        defer { module.train(wasTraining) }
        return noGrad { loader.enumerated().map { module.predictStep($0.element, batchIndex: $0.offset) } }
    }

    private func runEvaluation(_ module: LightningModule, loader: DataLoader, stage: Stage) -> [String: Double] {
        let saved = self.stage
        let savedEpoch = epochSums, savedMetrics = epochMetrics, savedOrder = epochOrder
        startEpochLog(stage)
        let wasTraining = module.training
        module.eval()
        let total = stage == .validate ? min(loader.count, limitValidationBatches ?? .max) : loader.count
        noGrad {
            for (index, batch) in loader.enumerated() {
                if index >= total { break }
                currentBatchSize = batch.labels.count
                if stage == .validate { module.validationStep(batch, batchIndex: index) }
                else { module.testStep(batch, batchIndex: index) }
            }
        }
        module.train(wasTraining)
        let metrics = finishEpochLog()
        if stage != .validate { callbackMetrics.merge(metrics, uniquingKeysWith: { $1 }) }
        self.stage = saved
        (epochSums, epochMetrics, epochOrder) = (savedEpoch, savedMetrics, savedOrder)
        return metrics
    }

    // MARK: logging (what `LightningModule.log` calls)

    private var currentBatchSize = 1
    private var stepValues: [String: Double] = [:]
    private var epochSums: [String: (total: Double, weight: Double)] = [:]
    private var epochMetrics: [String: EpochMetric] = [:]
    private var epochOrder: [String] = []
    private var progressBarNames: [String] = []

    private func startEpochLog(_ stage: Stage) {
        self.stage = stage
        epochSums = [:]
        epochMetrics = [:]
        epochOrder = []
        if stage == .train { stepValues = [:] }
    }

    private func finishEpochLog() -> [String: Double] {
        var result: [String: Double] = [:]
        for name in epochOrder {
            if let metric = epochMetrics[name] {
                result[name] = metric.epochValue
                metric.reset()
            } else if let sum = epochSums[name] {
                result[name] = sum.weight == 0 ? .nan : sum.total / sum.weight
            }
        }
        return result
    }

    func record(_ name: String, value: Double, onStep: Bool?, onEpoch: Bool?, progressBar: Bool, batchSize: Int?) {
        let perStep = onStep ?? (stage == .train)
        let perEpoch = onEpoch ?? (stage != .train)
        let both = perStep && perEpoch
        if perStep {
            let stepName = both ? name + "_step" : name
            stepValues[stepName] = value
            callbackMetrics[stepName] = value
            if progressBar && !progressBarNames.contains(stepName) { progressBarNames.append(stepName) }
        }
        if perEpoch {
            let epochName = both ? name + "_epoch" : name
            let weight = Double(batchSize ?? currentBatchSize)
            if epochSums[epochName] == nil { epochOrder.append(epochName) }
            let old = epochSums[epochName] ?? (0, 0)
            epochSums[epochName] = (old.total + value * weight, old.weight + weight)
        }
    }

    func record(_ name: String, metric: EpochMetric, progressBar: Bool) {
        if epochMetrics[name] == nil {
            checkUsage(epochSums[name] == nil, "Trainer", "'\(name)' is logged both as a number and as a metric object")
            epochOrder.append(name)
            epochMetrics[name] = metric
        } else {
            checkUsage(epochMetrics[name] === metric, "Trainer", "'\(name)' is logged with two different metric objects")
        }
    }

    /// Adds an epoch-level value from outside a step (callbacks such as `LearningRateMonitor`).
    public func logEpochValue(_ name: String, _ value: Double) {
        record(name, value: value, onStep: false, onEpoch: true, progressBar: false, batchSize: 1)
    }

    static func format(_ value: Double) -> String {
        value.isFinite ? String(format: abs(value) < 1e-3 && value != 0 ? "%.3g" : "%.4f", value) : "\(value)"
    }

    // MARK: checkpoints

    /// Writes everything needed to resume: weights, optimizer state, the
    /// scheduler's position, epoch, step and generator states (see `TrainingCheckpoint`).
    public func saveCheckpoint(_ module: LightningModule, to url: URL, metadata: [String: String] = [:]) throws {
        guard let optimizer else { usageFailure("Trainer", "saveCheckpoint needs a trainer that has run fit") }
        let train = trainLoader
        try TrainingCheckpoint.save(to: url, module: module, optimizer: optimizer, scheduler: configuration?.scheduler,
                                    epoch: currentEpoch,
                                    globalStep: globalStep,
                                    generators: [Generator.default] + (train.map { [$0.generator] } ?? []),
                                    metadata: metadata)
    }

    /// Positions the counters after a resumed checkpoint.
    func resume(epoch: Int, globalStep: Int) {
        currentEpoch = epoch
        self.globalStep = globalStep
    }
}
