// One rung of the ladder: its settings, its model, its training run.
import Course
import Foundation

/// Every setting that decides one training run. Each rung is the rung it is
/// built on with exactly one of these fields changed (`changes(from:)`), so
/// the difference between two rungs measures one method.
struct RungConfig: Equatable {
    /// Short name, also the checkpoint's file-name prefix.
    var id: String
    var hidden = [196]
    /// Inputs standardised with Fashion-MNIST's training mean and std.
    var standardize = false
    /// He (Kaiming) normal weights, zero biases; else PyTorch's default U(±1/√D_in).
    var heInit = false
    /// "sgd" or "adam"; with `weightDecay` > 0, Adam is AdamW (decoupled decay).
    var optimizer = "sgd"
    /// nil: the optimizer's usual lr (SGD 0.1 as in lesson 07, Adam PyTorch's 1e-3).
    var lr: Double?
    /// AdamW's decoupled weight decay λ: θ ← θ(1 − γλ) each step, outside the gradient.
    var weightDecay = 0.0
    var batchSize = 1000
    var epochs = 10
    /// Linear warm-up over this many epochs, then cosine decay to 0 (both per batch); 0 = constant lr.
    var warmupEpochs = 0
    var dropout: Float = 0
    var labelSmoothing: Float = 0
    /// Random horizontal flips, and shifts of up to `shift` pixels (RandomCrop with padding) when `shift` > 0.
    var augment = false
    var shift = 0
    /// Early stopping on validation accuracy with this patience (and the best epoch's weights kept).
    var patience: Int?
    /// The seed of the run's initialisation and shuffling (from `--seed`, the rung's place and the repeat).
    var seed: UInt64 = 0

    var learningRate: Double { lr ?? (optimizer == "sgd" ? 0.1 : 1e-3) }

    /// The optimizer as PyTorch would print its name: AdamW when the decay is decoupled.
    var optimizerName: String { optimizer == "sgd" ? "SGD" : weightDecay > 0 ? "AdamW" : "Adam" }

    /// The fields (bar the name and the seed) that differ from `other`, by name.
    func changes(from other: RungConfig) -> [String] {
        var a = self, b = other
        a.id = ""; b.id = ""; a.seed = 0; b.seed = 0
        return zip(a.fields, b.fields).filter { $0.1 != $1.1 }.map(\.0.0)
    }

    /// Every field bar the name and the seed, in a fixed order, as text.
    var fields: [(String, String)] {
        [("hidden", hidden.map(String.init).joined(separator: ",")), ("standardize", "\(standardize)"),
         ("heInit", "\(heInit)"), ("optimizer", optimizer), ("lr", lr.map { "\($0)" } ?? "default"),
         ("weightDecay", "\(weightDecay)"), ("batchSize", "\(batchSize)"), ("epochs", "\(epochs)"),
         ("warmupEpochs", "\(warmupEpochs)"), ("dropout", "\(dropout)"), ("labelSmoothing", "\(labelSmoothing)"),
         ("augment", augment ? "flip+shift\(shift)" : "none"), ("patience", patience.map(String.init) ?? "none")]
    }

    /// Every field, in a fixed order: the cache key.
    var key: String {
        "id=\(id) " + fields.map { "\($0)=\($1)" }.joined(separator: " ") + " seed=\(seed)"
    }

    static func == (a: RungConfig, b: RungConfig) -> Bool { a.key == b.key }
}

/// Fashion-MNIST's training-set pixel mean and standard deviation (on the [0, 1] scale).
let pixelMean: Float = 0.2860, pixelStd: Float = 0.3530

/// An MLP 784 → hidden… → 10 with ReLU (and Dropout after each hidden ReLU),
/// as `nn.Sequential` under `layers`: parameter names `layers.0.weight`, …
final class MLP: Module {
    let layers: Sequential

    init(hidden: [Int], dropout: Float, generator: Generator, dropoutGenerator: Generator = .default) {
        var modules: [Module] = []
        var width = 28 * 28
        for size in hidden {
            modules.append(Linear(width, size, generator: generator))
            modules.append(ReLU())
            if dropout > 0 { modules.append(Dropout(dropout, generator: dropoutGenerator)) }
            width = size
        }
        modules.append(Linear(width, 10, generator: generator))
        layers = Sequential(modules)
    }

    override func forward(_ x: Tensor) -> Tensor { layers(x.reshape([-1, 28 * 28])) }

    var linears: [Linear] { layers.layers.compactMap { $0 as? Linear } }

    /// He initialisation for ReLU: W ~ N(0, 2/D_in), b = 0.
    func heInitialize(generator: Generator) {
        for layer in linears {
            Init.fillKaimingNormal(layer.weight, mode: .fanIn, nonlinearity: .relu, generator: generator)
            if let bias = layer.bias { Init.fillZeros(bias) }
        }
    }
}

/// The data every rung sees: one split, fixed before the first rung.
struct LadderData {
    let train: any Dataset
    let validation: any Dataset
    let test: any Dataset
    /// Sizes and split seed: part of every cache key.
    var key: String { "train=\(train.count) val=\(validation.count) test=\(test.count) split=randomSplit(seed 42)" }

    func evaluationTransform(_ config: RungConfig) -> any Transform {
        config.standardize ? Compose([ToTensor(), Normalize(mean: pixelMean, std: pixelStd)]) : ToTensor()
    }

    func trainingTransform(_ config: RungConfig) -> any Transform {
        var steps: [any Transform] = []
        if config.augment { steps.append(RandomHorizontalFlip()) }
        if config.augment && config.shift > 0 { steps.append(RandomCrop(size: 28, padding: config.shift)) }
        steps.append(evaluationTransform(config))
        return steps.count == 1 ? steps[0] : Compose(steps)
    }
}

/// What one rung's run left: the kept weights and the numbers measured on them.
struct RungResult {
    let config: RungConfig
    let model: MLP
    /// Validation accuracy (mean over classes) after every epoch that ran.
    let valHistory: [Double]
    let trainHistory: [Double]
    /// The epoch whose weights are kept (0-based): the last one, or the best with early stopping.
    let keptEpoch: Int
    let seconds: Double
    /// Read from the checkpoint cache instead of trained in this run.
    let reused: Bool
    /// Validation accuracy of the kept weights, measured after training (nil when read from the cache).
    var measuredValAccuracy: Double? = nil

    var valAccuracy: Double { valHistory[keptEpoch] }
    var trainAccuracy: Double { trainHistory[keptEpoch] }
    var epochsRun: Int { valHistory.count }
    /// Early stopping ended the run before its epoch budget.
    var stoppedEarly: Bool { epochsRun < config.epochs }
}

/// The optimizer a configuration names, as in PyTorch: `SGD(lr)`, `Adam(lr)`,
/// or `AdamW(lr, weight_decay=λ)` when a decoupled decay is set.
func makeOptimizer(_ config: RungConfig, _ parameters: [Tensor]) -> Optimizer {
    switch config.optimizerName {
    case "SGD": return SGD(parameters, lr: config.learningRate)
    case "Adam": return Adam(parameters, lr: config.learningRate)
    default: return AdamW(parameters, lr: config.learningRate, weightDecay: config.weightDecay)
    }
}

/// The runs of one rung, one per seed, and their spread.
struct RungRuns {
    let runs: [RungResult]
    var config: RungConfig { runs[0].config }
    var valAccuracies: [Double] { runs.map(\.valAccuracy) }
    var valMean: Double { mean(valAccuracies) }
    /// Standard error of the mean over seeds: s/√n (0 with a single seed).
    var valSE: Double { standardError(valAccuracies) }
    var seconds: Double { runs.map(\.seconds).reduce(0, +) }
    /// The seed whose kept weights scored best on validation: the run that stands for the rung.
    var bestRunIndex: Int { runs.indices.max { runs[$0].valAccuracy < runs[$1].valAccuracy }! }
    var bestRun: RungResult { runs[bestRunIndex] }
}

/// The seed-by-seed differences a − b of validation accuracy over the seeds both rungs ran
/// (the rungs share their seeds; a small-net rung runs the first 2 of them).
func lead(_ a: RungRuns, over b: RungRuns) -> Spread {
    let n = min(a.runs.count, b.runs.count)
    return PairedComparison(baseline: Array(b.valAccuracies.prefix(n)), method: Array(a.valAccuracies.prefix(n))).differences
}

func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }

/// s/√n with the sample standard deviation s (n − 1 in the denominator).
func standardError(_ xs: [Double]) -> Double {
    guard xs.count > 1 else { return 0 }
    let m = mean(xs)
    let variance = xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)
    return (variance / Double(xs.count)).squareRoot()
}

/// Trains one rung from scratch. Everything random (weights, order, dropout,
/// augmentation) draws from generators seeded by `seed`, so a rung's run does
/// not depend on which rungs ran before it.
func trainRung(_ config: RungConfig, data: LadderData, seed: UInt64,
               progress: (Int, String) -> ProgressBar?) throws -> RungResult {
    let initGenerator = Generator(seed: seed), dropoutGenerator = Generator(seed: seed &+ 1)
    let trained = MLP(hidden: config.hidden, dropout: config.dropout, generator: initGenerator,
                      dropoutGenerator: dropoutGenerator)
    if config.heInit { trained.heInitialize(generator: initGenerator) }

    let loader = DataLoader(data.train, batchSize: config.batchSize, shuffle: true, dropLast: true,
                            generator: Generator(seed: seed &+ 2), transform: data.trainingTransform(config))
    let valLoader = DataLoader(data.validation, batchSize: 1000, transform: data.evaluationTransform(config))
    let optimizer = makeOptimizer(config, trained.parameters())
    var scheduler: LRScheduler?
    if config.warmupEpochs > 0 {
        let warm = config.warmupEpochs * loader.count, total = config.epochs * loader.count
        scheduler = SequentialLR(optimizer, schedulers: [
            LinearLR(optimizer, startFactor: 0.01, endFactor: 1, totalIters: warm),
            CosineAnnealingLR(optimizer, tMax: total - warm, etaMin: 0),
        ], milestones: [warm])
    }
    let stopper = config.patience.map { EarlyStopping(monitor: "val/acc", mode: .max, patience: $0) }
    let lossFunction = CrossEntropyLoss(labelSmoothing: config.labelSmoothing)

    var valHistory: [Double] = [], trainHistory: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    for epoch in 0..<config.epochs {
        let bar = progress(loader.count, "\(config.id) \(epoch + 1)/\(config.epochs)")
        let (trainLoss, trainAccuracy) = try trainEpoch(trained, on: loader, optimizer: optimizer, epoch: epoch,
                                                        lossFunction: lossFunction, batchScheduler: scheduler, progress: bar)
        let (valLoss, valAccuracy) = evaluate(trained, on: valLoader)
        bar?.finish(metrics: [("loss", String(format: "%.4f", trainLoss)), ("val_loss", String(format: "%.4f", valLoss)),
                              ("val_acc", String(format: "%.4f", valAccuracy))])
        valHistory.append(valAccuracy)
        trainHistory.append(trainAccuracy)
        if let stopper, stopper.update(value: valAccuracy, epoch: epoch, parameters: trained.parameters()) { break }
    }
    var kept = valHistory.count - 1
    if let stopper, let best = stopper.bestEpoch {
        stopper.restoreBest(into: trained.parameters())
        kept = best
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    // Measured again on the weights actually kept: with early stopping, the restored best epoch's.
    let keptAccuracy = evaluate(trained, on: valLoader).accuracy
    return RungResult(config: config, model: trained, valHistory: valHistory, trainHistory: trainHistory,
                      keptEpoch: kept, seconds: seconds, reused: false, measuredValAccuracy: keptAccuracy)
}

/// Per-class accuracy and confusion matrix of `model` on `dataset`, in evaluation mode.
func testModel(_ model: MLP, config: RungConfig, on dataset: any Dataset, data: LadderData) -> MulticlassAccuracy {
    let loader = DataLoader(dataset, batchSize: 1000, transform: data.evaluationTransform(config))
    let metric = MulticlassAccuracy(numClasses: 10, average: .none)
    model.eval()
    noGrad { for (x, y) in loader { metric.update(model(x), y) } }
    return metric
}

/// The model the lesson ends with: one seed's net, or the chosen rung's nets side by side.
struct FinalModel {
    let model: MLP
    /// The chosen rung's settings (its input transform and its key).
    let config: RungConfig
    /// The final net's own hidden widths and dropout (the rung's, or k times wider and none).
    let hidden: [Int]
    let dropout: Float
    let valAccuracy: Double
    let name: L
}
