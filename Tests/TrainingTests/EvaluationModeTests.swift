import XCTest
import Datasets
import NN
import Optim
import Tensors
import Training

/// Validation and testing run in evaluation mode (dropout off), and every
/// training step starts from fresh gradients: bugs here change what the
/// lessons measure without failing anything else.
final class EvaluationModeTests: XCTestCase {
    /// A net whose output depends on the mode: dropout with p = 0.5 before the last layer.
    func dropoutNet() -> Sequential {
        Sequential(Flatten(), Linear(4, 32, generator: Generator(seed: 1)), ReLU(),
                   Dropout(0.5, generator: Generator(seed: 2)), Linear(32, 4, generator: Generator(seed: 3)))
    }

    func testEvaluateRunsInEvalModeAndRestoresTheMode() {
        let model = dropoutNet()
        let loader = DataLoader(toyDataset(64, seed: 8), batchSize: 16)
        model.eval()
        var expected = 0.0
        noGrad { for batch in loader { expected += Double(CrossEntropyLoss()(model(batch.images), batch.labels).item()) * 16 } }
        model.train()
        let (loss, _) = evaluate(model, on: loader, numClasses: 4)
        XCTAssertEqual(loss, expected / 64, accuracy: 1e-5, "evaluate() ran with dropout on")
        XCTAssertTrue(model.training, "evaluate() puts the model back in the mode it found")
    }

    /// A module that records the mode of every validation and test step.
    final class ModeRecorder: LightningModule {
        let net: Sequential
        var modes: [String: [Bool]] = [:]
        init(net: Sequential) { self.net = net; super.init() }
        override func forward(_ x: Tensor) -> Tensor { net(x) }
        override func trainingStep(_ batch: Batch, batchIndex: Int) -> Tensor {
            modes["train", default: []].append(training)
            return CrossEntropyLoss()(self(batch.images), batch.labels)
        }
        override func validationStep(_ batch: Batch, batchIndex: Int) {
            modes["validate", default: []].append(training && net.namedModules().allSatisfy { $0.1.training })
            log("val/loss", CrossEntropyLoss()(self(batch.images), batch.labels))
        }
        override func testStep(_ batch: Batch, batchIndex: Int) {
            modes["test", default: []].append(training && net.namedModules().allSatisfy { $0.1.training })
            log("test/loss", CrossEntropyLoss()(self(batch.images), batch.labels))
        }
        override func configureOptimizers() -> OptimizerConfiguration { OptimizerConfiguration(SGD(parameters(), lr: 0.1)) }
    }

    func testTrainerValidatesAndTestsInEvalModeAndTrainsInTrainMode() throws {
        let module = ModeRecorder(net: dropoutNet())
        let loader = DataLoader(toyDataset(64, seed: 9), batchSize: 32)
        let trainer = Trainer(maxEpochs: 2, loggers: [], enableProgressBar: false)
        try trainer.fit(module, train: loader, validation: loader)
        _ = trainer.test(module, loader)
        // The module logs only val/loss: the other typed metrics are absent, not zero.
        XCTAssertNotNil(trainer.history.last?.valLoss)
        XCTAssertNil(trainer.history.last?.trainLoss)
        XCTAssertNil(trainer.history.last?.valAccuracy)
        XCTAssertEqual(module.modes["train"], [true, true, true, true])
        XCTAssertEqual(module.modes["validate"], [false, false, false, false], "validation ran in training mode")
        XCTAssertEqual(module.modes["test"], [false, false], "testing ran in training mode")
        // And the numbers agree: test/loss is the eval-mode loss.
        module.eval()
        let expected = noGrad { loader.map { Double(CrossEntropyLoss()(module($0.images), $0.labels).item()) }.reduce(0, +) / 2 }
        XCTAssertEqual(trainer.test(module, loader)["test/loss"]!, expected, accuracy: 1e-5)
    }

    /// trainEpoch matches a hand-written loop that zeroes the gradients before every backward.
    func testTrainEpochStartsEveryStepFromFreshGradients() throws {
        let loader = DataLoader(toyDataset(64, seed: 10), batchSize: 16)
        func net() -> Sequential { Sequential(Flatten(), Linear(4, 8, generator: Generator(seed: 4)), ReLU(), Linear(8, 4, generator: Generator(seed: 5))) }
        let model = net(), reference = net()
        _ = try trainEpoch(model, on: loader, optimizer: SGD(model.parameters(), lr: 0.5), numClasses: 4)
        let optimizer = SGD(reference.parameters(), lr: 0.5)
        for batch in loader {
            optimizer.zeroGrad()
            CrossEntropyLoss()(reference(batch.images), batch.labels).backward()
            optimizer.step()
        }
        for ((name, p), (_, q)) in zip(model.namedParameters(), reference.namedParameters()) {
            for (a, b) in zip(p.scalars, q.scalars) { XCTAssertEqual(a, b, accuracy: 1e-5, name) }
        }
    }
}
