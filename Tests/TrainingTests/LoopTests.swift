import XCTest
import Datasets
import NN
import Optim
import Tensors
import Training

final class LoopTests: XCTestCase {
    func testFitLearnsAndRecordsEveryEpoch() throws {
        Generator.default.manualSeed(1)
        let model = Sequential(Flatten(), Linear(4, 16), ReLU(), Linear(16, 4))
        let train = DataLoader(toyDataset(512, seed: 2), batchSize: 32, shuffle: true, generator: Generator(seed: 3))
        let val = DataLoader(toyDataset(256, seed: 4), batchSize: 64)
        let before = evaluate(model, on: val, numClasses: 4)
        var seen: [Int] = []
        let history = try fit(model, optimizer: SGD(model.parameters(), lr: 0.5), train: train, validation: val,
                              epochs: 5, numClasses: 4, showProgress: false) { seen.append($0.epoch) }
        XCTAssertEqual(seen, [0, 1, 2, 3, 4])
        XCTAssertLessThan(history.last!.valLoss, before.loss)
        XCTAssertGreaterThan(history.last!.valAccuracy, 0.9)
        XCTAssertTrue(model.training, "fit leaves the model in training mode")
    }

    func testDivergenceStopsWithEpochStepAndLearningRate() {
        let layer = Linear(4, 4)
        let model = Sequential(Flatten(), layer)
        let train = DataLoader(toyDataset(64, seed: 5), batchSize: 16)
        // Weights so large that the logits overflow to +inf: the loss is NaN on the first step.
        // (With 1e38 the logits stay finite and equal, and the loss is log 4, as in PyTorch.)
        layer.weight.fill(.greatestFiniteMagnitude)
        XCTAssertThrowsError(try fit(model, optimizer: SGD(model.parameters(), lr: 0.1), train: train, validation: train,
                                     epochs: 3, numClasses: 4, showProgress: false)) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("epoch") && text.contains("step") && text.contains("learning rate 0.1"), text)
        }
    }

    func testEarlyStoppingEndsTrainingAndRestoresTheBest() throws {
        let model = Sequential(Flatten(), Linear(4, 4))
        let train = DataLoader(toyDataset(64, seed: 6), batchSize: 16)
        // lr 0: the loss never improves after the first epoch, so patience 2 stops at epoch 2.
        let stopper = EarlyStopping(monitor: "val_loss", patience: 2)
        let history = try fit(model, optimizer: SGD(model.parameters(), lr: 0), train: train, validation: train,
                              epochs: 10, numClasses: 4, earlyStopping: stopper, showProgress: false)
        XCTAssertEqual(history.count, 3)
        XCTAssertEqual(stopper.bestEpoch, 0)
    }
}
