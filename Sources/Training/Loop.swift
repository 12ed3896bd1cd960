import Console
import Datasets
import Foundation
import NN
import Optim
import Tensors

/// One epoch's numbers, as the seed notebook's loop records them.
public struct EpochRecord: Sendable {
    public var epoch: Int
    public var trainLoss: Double
    /// Macro accuracy (mean of per-class accuracies), as the seed's metric.
    public var trainAccuracy: Double
    public var valLoss: Double
    public var valAccuracy: Double
    /// The learning rate used during this epoch.
    public var lr: Double
    public var seconds: Double
}

/// Training stopped because the loss stopped being a number.
public struct DivergenceError: Error, CustomStringConvertible {
    public let epoch: Int, step: Int, lr: Double, loss: Float
    public init(epoch: Int, step: Int, lr: Double, loss: Float) {
        self.epoch = epoch
        self.step = step
        self.lr = lr
        self.loss = loss
    }
    public var description: String {
        "the loss became \(loss) at epoch \(epoch), step \(step) (learning rate \(lr)): training diverged. "
            + "Lower the learning rate (e.g. --lr \(lr / 10))."
    }
}

/// Loss and macro accuracy of `model` over `loader`, in evaluation mode and
/// without building a graph (`model.eval()` + `torch.no_grad()`).
public func evaluate(_ model: Module, on loader: DataLoader, numClasses: Int = 10,
                     lossFunction: CrossEntropyLoss = CrossEntropyLoss()) -> (loss: Double, accuracy: Double) {
    let wasTraining = model.training
    model.eval()
    defer { model.train(wasTraining) }
    let meanLoss = MeanMetric()
    let accuracy = MulticlassAccuracy(numClasses: numClasses, average: .macro)
    noGrad {
        for batch in loader {
            let logits = model(batch.images)
            meanLoss.update(lossFunction(logits, batch.labels), weight: Double(batch.labels.count))
            accuracy.update(logits, batch.labels)
        }
    }
    return (meanLoss.compute(), accuracy.compute()[0])
}

/// One pass over `loader` with `optimizer`: forward, loss, backward, step, per
/// batch. `batchScheduler` steps after every batch (OneCycleLR, warm-up).
/// Throws `DivergenceError` when the loss is NaN or infinite, before the bad
/// step is applied.
public func trainEpoch(_ model: Module, on loader: DataLoader, optimizer: Optimizer, epoch: Int = 0,
                       numClasses: Int = 10, lossFunction: CrossEntropyLoss = CrossEntropyLoss(),
                       batchScheduler: LRScheduler? = nil, progress: ProgressBar? = nil) throws -> (loss: Double, accuracy: Double) {
    model.train()
    let meanLoss = MeanMetric()
    let accuracy = MulticlassAccuracy(numClasses: numClasses, average: .macro)
    for (step, batch) in loader.enumerated() {
        let logits = model(batch.images)
        let loss = lossFunction(logits, batch.labels)
        let value = loss.item()
        guard value.isFinite else { throw DivergenceError(epoch: epoch, step: step, lr: optimizer.lr, loss: value) }
        optimizer.zeroGrad()
        loss.backward()
        optimizer.step()
        batchScheduler?.step()
        meanLoss.update(Double(value), weight: Double(batch.labels.count))
        noGrad { accuracy.update(logits.detach(), batch.labels) }
        progress?.advance(metrics: [("loss", String(format: "%.4f", meanLoss.compute()))])
    }
    return (meanLoss.compute(), accuracy.compute()[0])
}

/// The seed notebook's training loop, epoch by epoch: train, validate, record.
/// `epochScheduler` steps once per epoch; `earlyStopping` (monitoring the
/// validation loss or accuracy, as its `monitor` says) may end training early
/// and restore the best weights. `onEpoch` sees every record as it is made
/// (for live plots and checkpoints).
public func fit(_ model: Module, optimizer: Optimizer, train: DataLoader, validation: DataLoader,
                epochs: Int, numClasses: Int = 10, lossFunction: CrossEntropyLoss = CrossEntropyLoss(),
                epochScheduler: LRScheduler? = nil, batchScheduler: LRScheduler? = nil,
                earlyStopping: EarlyStopping? = nil, showProgress: Bool = true,
                onEpoch: (EpochRecord) throws -> Void = { _ in }) throws -> [EpochRecord] {
    var history: [EpochRecord] = []
    for epoch in 0..<epochs {
        let start = DispatchTime.now().uptimeNanoseconds
        let lr = optimizer.lr
        let bar = showProgress ? ProgressBar(total: train.count, label: "epoch \(epoch + 1)/\(epochs)") : nil
        let (trainLoss, trainAccuracy) = try trainEpoch(model, on: train, optimizer: optimizer, epoch: epoch,
                                                        numClasses: numClasses, lossFunction: lossFunction,
                                                        batchScheduler: batchScheduler, progress: bar)
        let (valLoss, valAccuracy) = evaluate(model, on: validation, numClasses: numClasses, lossFunction: lossFunction)
        bar?.finish(metrics: [("loss", String(format: "%.4f", trainLoss)), ("val_loss", String(format: "%.4f", valLoss)),
                              ("val_acc", String(format: "%.4f", valAccuracy))])
        epochScheduler?.step()
        let record = EpochRecord(epoch: epoch, trainLoss: trainLoss, trainAccuracy: trainAccuracy, valLoss: valLoss,
                                 valAccuracy: valAccuracy, lr: lr,
                                 seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        history.append(record)
        try onEpoch(record)
        if let earlyStopping {
            let value = earlyStopping.monitor.contains("acc") ? valAccuracy : valLoss
            if earlyStopping.update(value: value, epoch: epoch, parameters: model.parameters()) {
                if earlyStopping.restoreBestWeights { earlyStopping.restoreBest(into: model.parameters()) }
                break
            }
        }
    }
    return history
}
