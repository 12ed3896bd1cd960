// One rung of the ladder: its settings, its model, its training run.
import Console
import Datasets
import Foundation
import NN
import Optim
import Tensors
import Training

/// Every setting that decides one training run. Rungs add methods one at a
/// time, so each rung is the previous one with one or two fields changed.
struct RungConfig {
    /// Short name, also the checkpoint's file-name prefix.
    var id: String
    var hidden = [196]
    /// Inputs standardised with Fashion-MNIST's training mean and std.
    var standardize = false
    /// He (Kaiming) normal weights, zero biases; else PyTorch's default U(±1/√D_in).
    var heInit = false
    var optimizer = "sgd"
    var lr = 0.1
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
    /// The seed of the rung's initialisation and shuffling (from `--seed` and the rung's place).
    var seed: UInt64 = 0

    /// Every field, in a fixed order: the cache key.
    var key: String {
        "id=\(id) hidden=\(hidden.map(String.init).joined(separator: ",")) standardize=\(standardize) heInit=\(heInit) "
            + "optimizer=\(optimizer) lr=\(lr) weightDecay=\(weightDecay) batchSize=\(batchSize) epochs=\(epochs) "
            + "warmupEpochs=\(warmupEpochs) dropout=\(dropout) labelSmoothing=\(labelSmoothing) "
            + "augment=\(augment ? "flip+shift\(shift)" : "none") patience=\(patience.map(String.init) ?? "none") seed=\(seed)"
    }
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
            Init.kaimingNormal(layer.weight, mode: .fanIn, nonlinearity: .relu, generator: generator)
            if let bias = layer.bias { Init.zeros(bias) }
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

    var valAccuracy: Double { valHistory[keptEpoch] }
    var trainAccuracy: Double { trainHistory[keptEpoch] }
    var epochsRun: Int { valHistory.count }
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
    let optimizer: Optimizer = config.optimizer == "sgd"
        ? SGD(trained.parameters(), lr: config.lr, weightDecay: config.weightDecay)
        : AdamW(trained.parameters(), lr: config.lr, weightDecay: config.weightDecay)
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
    return RungResult(config: config, model: trained, valHistory: valHistory, trainHistory: trainHistory,
                      keptEpoch: kept, seconds: seconds, reused: false)
}

/// Per-class accuracy and confusion matrix of `model` on `dataset`, in evaluation mode.
func testModel(_ result: RungResult, on dataset: any Dataset, data: LadderData) -> MulticlassAccuracy {
    let loader = DataLoader(dataset, batchSize: 1000, transform: data.evaluationTransform(result.config))
    let metric = MulticlassAccuracy(numClasses: 10, average: .none)
    result.model.eval()
    noGrad { for (x, y) in loader { metric.update(result.model(x), y) } }
    return metric
}
