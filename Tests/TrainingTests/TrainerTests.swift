import XCTest
import Datasets
import NN
import Optim
import Tensors
import Training

final class ToyClassifier: LightningModule {
    let net: Sequential
    let lossFunction = CrossEntropyLoss()
    let accuracy = MulticlassAccuracy(numClasses: 4, average: .macro)
    var lr: Double
    var useAdam = false
    var makeScheduler: ((Optimizer) -> LRScheduler)?
    var schedulerInterval = OptimizerConfiguration.Interval.epoch
    var stepsSeen: [Int] = []

    init(lr: Double, generator: Generator = Generator(seed: 7)) {
        net = Sequential(Flatten(), Linear(4, 16, generator: generator), ReLU(), Linear(16, 4, generator: generator))
        self.lr = lr
        super.init()
        saveHyperparameters(["lr": lr, "hidden": 16])
    }

    override func forward(_ x: Tensor) -> Tensor { net(x) }

    override func trainingStep(_ batch: Batch, batchIndex: Int) -> Tensor {
        stepsSeen.append(batchIndex)
        let loss = lossFunction(self(batch.images), batch.labels)
        log("train/loss", loss, onStep: false, onEpoch: true)
        return loss
    }

    override func validationStep(_ batch: Batch, batchIndex: Int) {
        let logits = self(batch.images)
        log("val/loss", lossFunction(logits, batch.labels))
        accuracy.update(logits, batch.labels)
        log("val/acc", metric: accuracy)
    }

    override func testStep(_ batch: Batch, batchIndex: Int) {
        log("test/loss", lossFunction(self(batch.images), batch.labels))
    }

    override func configureOptimizers() -> OptimizerConfiguration {
        let optimizer: Optimizer = useAdam ? Adam(parameters(), lr: lr) : SGD(parameters(), lr: lr)
        return OptimizerConfiguration(optimizer, scheduler: makeScheduler?(optimizer), interval: schedulerInterval)
    }
}

final class TrainerTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("trainer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func loaders(seed: UInt64 = 3) -> (DataLoader, DataLoader) {
        (DataLoader(toyDataset(256, seed: 2), batchSize: 32, shuffle: true, generator: Generator(seed: seed)),
         DataLoader(toyDataset(100, seed: 4), batchSize: 64))
    }

    func testFitLogsEpochMetricsAndLearns() throws {
        let model = ToyClassifier(lr: 0.5)
        let (train, val) = loaders()
        let before = Trainer(enableProgressBar: false).validate(model, val)
        let trainer = Trainer(maxEpochs: 4, callbacks: [LearningRateMonitor()], enableProgressBar: false)
        try trainer.fit(model, train: train, validation: val)
        XCTAssertEqual(trainer.history.count, 4)
        XCTAssertEqual(trainer.globalStep, 4 * 8)
        XCTAssertEqual(trainer.history.map { $0["epoch"]! }, [0, 1, 2, 3])
        XCTAssertEqual(trainer.history.map(\.epoch), [0, 1, 2, 3])
        XCTAssertEqual(trainer.history.map(\.step), [8, 16, 24, 32])
        XCTAssertEqual(trainer.history.map { $0["step"]! }, [8, 16, 24, 32])
        let last = trainer.history.last!
        // The typed accessors read the metrics the module logged under the usual names.
        XCTAssertEqual(last.valLoss, last["val/loss"])
        XCTAssertEqual(last.valAccuracy, last["val/acc"])
        XCTAssertEqual(last.trainLoss, last["train/loss"])
        XCTAssertNotNil(last.trainLoss)
        XCTAssertNotEqual(last.trainLoss, last.valLoss)
        XCTAssertNil(last["test/loss"], "a metric not logged in fit is absent")
        XCTAssertLessThan(last["val/loss"]!, before["val/loss"]!)
        XCTAssertGreaterThan(last["val/acc"]!, 0.9)
        XCTAssertEqual(last["lr-SGD"], 0.5)
        // The epoch's val/acc is the macro accuracy over the whole epoch, not a mean of batch values.
        let check = MulticlassAccuracy(numClasses: 4, average: .macro)
        noGrad { for batch in val { check.update(model(batch.images), batch.labels) } }
        XCTAssertEqual(trainer.validate(model, val)["val/acc"]!, check.compute()[0], accuracy: 1e-12)
        XCTAssertEqual(model.stepsSeen.count, 32)
    }

    func testEpochLossIsTheBatchWeightedMean() throws {
        // 100 samples in batches of 64 and 36: the epoch value weights each batch by its size.
        let model = ToyClassifier(lr: 0.1)
        let (_, val) = loaders()
        let metrics = Trainer(enableProgressBar: false).test(model, val)
        var total = 0.0
        noGrad { for batch in val { total += Double(model.lossFunction(model(batch.images), batch.labels).item()) * Double(batch.labels.count) } }
        XCTAssertEqual(metrics["test/loss"]!, total / 100, accuracy: 1e-6)
    }

    func testPredictReturnsOneOutputPerBatchInEvalMode() {
        let model = ToyClassifier(lr: 0.1)
        let (_, val) = loaders()
        let outputs = Trainer(enableProgressBar: false).predict(model, val)
        XCTAssertEqual(outputs.map(\.shape), [[64, 4], [36, 4]])
        XCTAssertFalse(outputs[0].requiresGrad)
        XCTAssertTrue(model.training, "predict restores training mode")
    }

    func testModelCheckpointKeepsTheTopKByTheMonitoredMetric() throws {
        let model = ToyClassifier(lr: 0.5)
        let (train, val) = loaders()
        let checkpoint = ModelCheckpoint(directory: scratch, filename: "{epoch}-{val/acc}", monitor: "val/loss",
                                         mode: .min, saveTopK: 2)
        let trainer = Trainer(maxEpochs: 5, callbacks: [checkpoint], enableProgressBar: false)
        try trainer.fit(model, train: train, validation: val)
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasSuffix(".safetensors") }
        XCTAssertEqual(files.count, 2)
        let losses = trainer.history.map { $0["val/loss"]! }
        let bestEpochs = losses.indices.sorted { losses[$0] < losses[$1] }.prefix(2)
        XCTAssertEqual(Set(files.map { String($0.prefix(while: { $0 != "-" })) }), Set(bestEpochs.map { "epoch=\($0)" }))
        XCTAssertEqual(checkpoint.bestModelScore!, losses.min()!, accuracy: 1e-12)
        XCTAssertTrue(checkpoint.bestModelPath!.lastPathComponent.contains("val_acc="), checkpoint.bestModelPath!.lastPathComponent)
        // The file holds the module's weights under their PyTorch names, with the epoch in its metadata.
        let (state, metadata) = try Safetensors.load(from: checkpoint.bestModelPath!)
        XCTAssertEqual(state.map(\.name).sorted(), ["net.1.bias", "net.1.weight", "net.3.bias", "net.3.weight"])
        XCTAssertEqual(metadata["epoch"], "\(losses.indices.min { losses[$0] < losses[$1] }!)")
        let copy = ToyClassifier(lr: 0.5, generator: Generator(seed: 99))
        try copy.load(from: checkpoint.bestModelPath!)
    }

    func testEarlyStoppingCallbackStopsFit() throws {
        let model = ToyClassifier(lr: 0)  // never improves after the first epoch
        let (train, val) = loaders()
        let stopper = EarlyStopping(monitor: "val/loss", patience: 2)
        let trainer = Trainer(maxEpochs: 10, callbacks: [stopper], enableProgressBar: false)
        try trainer.fit(model, train: train, validation: val)
        XCTAssertEqual(trainer.history.count, 3)
        XCTAssertEqual(stopper.stoppedEpoch, 2)
    }

    func testDivergenceNamesEpochStepAndLearningRateAndKeepsTheLastGoodCheckpoint() throws {
        let model = ToyClassifier(lr: 0.5)
        let (train, val) = loaders()
        let checkpoint = ModelCheckpoint(directory: scratch, monitor: "val/acc", mode: .max, saveLast: true)
        final class Saboteur: Callback {
            func onTrainEpochStart(_ trainer: Trainer, _ module: LightningModule) throws {
                // From epoch 2 on, weights so large that the logits overflow: the loss is NaN.
                if trainer.currentEpoch == 2 { for p in module.parameters() { p.fill(1e38) } }
            }
        }
        let trainer = Trainer(maxEpochs: 5, callbacks: [checkpoint, Saboteur()], enableProgressBar: false)
        XCTAssertThrowsError(try trainer.fit(model, train: train, validation: val)) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("epoch 2") && text.contains("step 16") && text.contains("learning rate 0.5"), text)
        }
        XCTAssertEqual(trainer.history.count, 2)
        let last = try Safetensors.load(from: checkpoint.lastModelPath!)
        XCTAssertEqual(last.metadata["epoch"], "1")
        XCTAssertTrue(last.state.allSatisfy { $0.tensor.scalars.allSatisfy(\.isFinite) })
    }

    /// Trains a fresh ToyClassifier, set up by `configure`, for `epochs` from
    /// the same seeds, resuming from and saving to a checkpoint when given;
    /// returns its weights and the lr logged at each epoch it ran.
    func trainToy(epochs: Int, resumeFrom: URL? = nil, saveTo: URL? = nil,
                  _ configure: (ToyClassifier) -> Void) throws -> (weights: [Float], lrs: [Double]) {
        Generator.default.manualSeed(11)
        let model = ToyClassifier(lr: 0.05)
        configure(model)
        let (train, val) = loaders(seed: 5)
        let trainer = Trainer(maxEpochs: epochs, callbacks: [LearningRateMonitor()], enableProgressBar: false)
        try trainer.fit(model, train: train, validation: val, checkpoint: resumeFrom)
        if let saveTo { try trainer.saveCheckpoint(model, to: saveTo) }
        return (model.parameters().flatMap(\.scalars), trainer.history.compactMap { $0["lr-SGD"] ?? $0["lr-Adam"] })
    }

    func testResumingFromACheckpointGivesTheSameWeightsAsOneRun() throws {
        let adam = { (model: ToyClassifier) in model.useAdam = true }
        let straight = try trainToy(epochs: 4, adam).weights
        let url = scratch.appendingPathComponent("resume.safetensors")
        let half = try trainToy(epochs: 2, saveTo: url, adam).weights
        XCTAssertNotEqual(half, straight)
        let resumed = try trainToy(epochs: 4, resumeFrom: url, adam).weights
        XCTAssertEqual(resumed, straight)
    }

    func testResumingContinuesTheLearningRateSchedule() throws {
        let restarts = { (model: ToyClassifier) in
            model.lr = 0.2
            model.makeScheduler = { CosineAnnealingWarmRestarts($0, t0: 3) }
        }
        let straight = try trainToy(epochs: 5, restarts)
        XCTAssertEqual(Set(straight.lrs).count, 3, "the cosine restarts every 3 epochs: \(straight.lrs)")
        let url = scratch.appendingPathComponent("scheduled.safetensors")
        let half = try trainToy(epochs: 2, saveTo: url, restarts)
        let resumed = try trainToy(epochs: 5, resumeFrom: url, restarts)
        XCTAssertEqual(half.lrs + resumed.lrs, straight.lrs)
        XCTAssertEqual(resumed.weights, straight.weights)
        // Resuming with another setup than the one saved is refused, not silently restarted.
        XCTAssertThrowsError(try trainToy(epochs: 5, resumeFrom: url) { $0.lr = 0.2 }) { error in
            XCTAssertTrue("\(error)".contains("saved with CosineAnnealingWarmRestarts, but configureOptimizers returns no scheduler"),
                          "\(error)")
        }
    }

    func testResumingContinuesAOneCycleScheduleAndItsMomentum() throws {
        // OneCycleLR steps every batch and cycles Adam's β₁ with the lr; both must come back.
        let oneCycle = { (model: ToyClassifier) in
            model.lr = 0.01
            model.useAdam = true
            model.schedulerInterval = .step
            model.makeScheduler = { OneCycleLR($0, maxLR: 0.05, totalSteps: 40) }
        }
        let straight = try trainToy(epochs: 5, oneCycle).weights
        let url = scratch.appendingPathComponent("one-cycle.safetensors")
        _ = try trainToy(epochs: 2, saveTo: url, oneCycle)
        XCTAssertEqual(try trainToy(epochs: 5, resumeFrom: url, oneCycle).weights, straight)
    }

    func testResumingRefusesAWeightsOnlyFile() throws {
        let model = ToyClassifier(lr: 0.1)
        let url = scratch.appendingPathComponent("weights.safetensors")
        try model.save(to: url)
        let (train, _) = loaders()
        XCTAssertThrowsError(try Trainer(maxEpochs: 1, enableProgressBar: false).fit(model, train: train, checkpoint: url)) {
            XCTAssertTrue(String(describing: $0).contains("not a training checkpoint"), String(describing: $0))
        }
    }

    func testSeedEverythingMakesInitialisationRepeatable() {
        seedEverything(42)
        let a = Linear(3, 2).weight.scalars
        seedEverything(42)
        XCTAssertEqual(Linear(3, 2).weight.scalars, a)
    }
}
