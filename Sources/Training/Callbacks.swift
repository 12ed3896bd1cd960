import Foundation
import NN
import Optim
import Tensors

/// Hooks into `Trainer.fit`, like Lightning's `Callback`. Every hook has an
/// empty default; `onTrainEpochEnd` runs after validation, when
/// `trainer.callbackMetrics` holds the epoch's train and validation metrics.
public protocol Callback: AnyObject {
    func onFitStart(_ trainer: Trainer, _ module: LightningModule) throws
    func onTrainEpochStart(_ trainer: Trainer, _ module: LightningModule) throws
    func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws
    func onFitEnd(_ trainer: Trainer, _ module: LightningModule) throws
    /// The loss stopped being a number; `fit` throws `error` right after.
    func onDivergence(_ trainer: Trainer, _ module: LightningModule, error: DivergenceError)
}

extension Callback {
    public func onFitStart(_ trainer: Trainer, _ module: LightningModule) throws {}
    public func onTrainEpochStart(_ trainer: Trainer, _ module: LightningModule) throws {}
    public func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws {}
    public func onFitEnd(_ trainer: Trainer, _ module: LightningModule) throws {}
    public func onDivergence(_ trainer: Trainer, _ module: LightningModule, error: DivergenceError) {}
}

/// The value of `name` in the trainer's metrics, or a programmer error that lists what was logged.
func monitored(_ name: String, in trainer: Trainer, by owner: String) -> Double {
    guard let value = trainer.callbackMetrics[name] else {
        usageFailure(owner, "monitors '\(name)', which was never logged; logged: "
                            + trainer.callbackMetrics.keys.sorted().joined(separator: ", "),
                     valid: "a name the LightningModule logs with self.log(\"\(name)\", ...), or one of those logged")
    }
    return value
}

/// Optim's `EarlyStopping` works as a trainer callback: after each epoch it
/// reads `monitor` from the logged metrics, and when patience runs out it
/// stops `fit` (restoring the best weights if `restoreBestWeights`).
extension EarlyStopping: Callback {
    public func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws {
        let value = monitored(monitor, in: trainer, by: "EarlyStopping")
        if update(value: value, epoch: trainer.currentEpoch, parameters: module.parameters()) {
            if restoreBestWeights { restoreBest(into: module.parameters()) }
            trainer.shouldStop = true
        }
    }
}

/// Logs the learning rate at the start of every epoch as `lr-<Optimizer>`
/// (`lr-SGD`, `lr-Adam`; `lr-SGD/pg1`, ... for further parameter groups),
/// like Lightning's `LearningRateMonitor("epoch")`.
public final class LearningRateMonitor: Callback {
    public init() {}

    public func onTrainEpochStart(_ trainer: Trainer, _ module: LightningModule) throws {
        guard let optimizer = trainer.optimizer else { return }
        let name = "lr-\(type(of: optimizer))"
        for (index, group) in optimizer.paramGroups.enumerated() {
            trainer.logEpochValue(index == 0 ? name : "\(name)/pg\(index)", group.lr)
        }
    }
}

/// Saves the model's weights after epochs, keeping the `saveTopK` best by
/// `monitor` (Lightning's `ModelCheckpoint`). Without `monitor` it keeps the
/// latest epochs. Files are safetensors with the module's PyTorch names, so
/// PyTorch loads them with `load_state_dict(load_file(path), strict=True)`;
/// the epoch, step and score go into the file's metadata. A NaN score is never
/// "better", so the file of the last good epoch survives a diverging run.
///
/// `filename` takes `{epoch}`, `{step}` and `{metric name}` placeholders,
/// written Lightning's way as `epoch=3-step=200` ("/" in names becomes "_").
/// With `saveWeightsOnly: false` the files are full `TrainingCheckpoint`s
/// that `Trainer.fit(..., checkpoint:)` resumes from.
public final class ModelCheckpoint: Callback {
    public typealias Mode = EarlyStopping.Mode

    public let directory: URL?
    public let filename: String
    public let monitor: String?
    public let mode: Mode
    public let saveTopK: Int
    public let saveLast: Bool
    public let saveWeightsOnly: Bool

    /// The kept files with their scores, best first.
    public private(set) var bestK: [(url: URL, score: Double)] = []
    public var bestModelPath: URL? { bestK.first?.url }
    public var bestModelScore: Double? { bestK.first?.score }
    /// The file written last (`last.safetensors` with `saveLast`).
    public private(set) var lastModelPath: URL?
    /// Where the files go: `directory`, else `<first logger's folder>/checkpoints`, else `./checkpoints`.
    public private(set) var resolvedDirectory: URL?

    public init(directory: URL? = nil, filename: String = "{epoch}-{step}", monitor: String? = nil,
                mode: Mode = .min, saveTopK: Int = 1, saveLast: Bool = false, saveWeightsOnly: Bool = true) {
        checkUsage(saveTopK >= -1, "ModelCheckpoint", "saveTopK must be -1 (keep all), 0 or more, got \(saveTopK)")
        self.directory = directory
        self.filename = filename
        self.monitor = monitor
        self.mode = mode
        self.saveTopK = saveTopK
        self.saveLast = saveLast
        self.saveWeightsOnly = saveWeightsOnly
    }

    public func onFitStart(_ trainer: Trainer, _ module: LightningModule) throws {
        resolvedDirectory = directory
            ?? trainer.loggers.first.map { $0.logDirectory.appendingPathComponent("checkpoints") }
            ?? URL(fileURLWithPath: "checkpoints", isDirectory: true)
    }

    public func onTrainEpochEnd(_ trainer: Trainer, _ module: LightningModule) throws {
        let folder = resolvedDirectory ?? URL(fileURLWithPath: "checkpoints", isDirectory: true)
        let score = monitor.map { monitored($0, in: trainer, by: "ModelCheckpoint") } ?? Double(trainer.currentEpoch)
        let comparableMode: Mode = monitor == nil ? .max : mode
        if saveTopK != 0 && score.isFinite && qualifies(score, mode: comparableMode) {
            let url = folder.appendingPathComponent(name(for: trainer) + ".safetensors")
            try write(module, trainer: trainer, score: score, to: url)
            bestK.removeAll { $0.url == url }
            bestK.append((url, score))
            bestK.sort { comparableMode == .min ? $0.score < $1.score : $0.score > $1.score }
            while saveTopK > 0 && bestK.count > saveTopK {
                let dropped = bestK.removeLast()
                if dropped.url != lastModelPath || !saveLast { try? FileManager.default.removeItem(at: dropped.url) }
            }
            lastModelPath = url
        }
        if saveLast {
            let url = folder.appendingPathComponent("last.safetensors")
            try write(module, trainer: trainer, score: score, to: url)
            lastModelPath = url
        }
    }

    private func qualifies(_ score: Double, mode: Mode) -> Bool {
        guard saveTopK > 0, bestK.count >= saveTopK, let worst = bestK.last?.score else { return true }
        return mode == .min ? score < worst : score > worst
    }

    private func write(_ module: LightningModule, trainer: Trainer, score: Double, to url: URL) throws {
        var metadata = ["epoch": "\(trainer.currentEpoch)", "step": "\(trainer.globalStep)"]
        if let monitor { metadata["monitor"] = monitor; metadata["score"] = "\(score)" }
        if saveWeightsOnly {
            try module.save(to: url, metadata: metadata)
        } else {
            try trainer.saveCheckpoint(module, to: url, metadata: metadata)
        }
    }

    /// `filename` with its placeholders filled in.
    func name(for trainer: Trainer) -> String {
        var result = ""
        var rest = Substring(filename)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let key = String(rest[rest.index(after: open)..<close])
            let shown = key.replacingOccurrences(of: "/", with: "_")
            switch key {
            case "epoch": result += "epoch=\(trainer.currentEpoch)"
            case "step": result += "step=\(trainer.globalStep)"
            default:
                let value = monitored(key, in: trainer, by: "ModelCheckpoint's filename")
                result += "\(shown)=" + String(format: "%.4f", value)
            }
            rest = rest[rest.index(after: close)...]
        }
        return (result + rest).replacingOccurrences(of: "/", with: "_")
    }
}
