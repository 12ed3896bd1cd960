import XCTest
import Datasets
import Tensors
import Training

/// The toy problem as a data module: 256 training, 100 validation and 60 test
/// samples, each built only when `setup` asks for its stage.
final class ToyDataModule: LightningDataModule {
    var calls: [String] = []
    var train: TensorDataset?, val: TensorDataset?, test: TensorDataset?
    let withTest: Bool

    init(withTest: Bool = true) { self.withTest = withTest }

    func prepareData() throws { calls.append("prepareData") }

    func setup(stage: DataStage) throws {
        calls.append("setup(\(stage.rawValue))")
        switch stage {
        case .fit: (train, val) = (toyDataset(256, seed: 2), toyDataset(100, seed: 4))
        case .validate: val = toyDataset(100, seed: 4)
        case .test, .predict: test = withTest ? toyDataset(60, seed: 9) : nil
        }
    }

    func trainDataloader() throws -> DataLoader {
        calls.append("trainDataloader")
        return DataLoader(train!, batchSize: 32, shuffle: true, generator: Generator(seed: 3))
    }
    func valDataloader() throws -> DataLoader? {
        calls.append("valDataloader")
        return DataLoader(val!, batchSize: 64)
    }
    func testDataloader() throws -> DataLoader? {
        calls.append("testDataloader")
        return test.map { DataLoader($0, batchSize: 64) }
    }
}

final class DataModuleTests: XCTestCase {
    func testFitAndTestTakeTheirDataFromTheModule() throws {
        let data = ToyDataModule()
        let model = ToyClassifier(lr: 0.5)
        let trainer = Trainer(maxEpochs: 3, enableProgressBar: false)
        try trainer.fit(model, datamodule: data)
        XCTAssertEqual(data.calls, ["prepareData", "setup(fit)", "trainDataloader", "valDataloader"])
        // 256 samples in batches of 32, three epochs; validated every epoch on the module's data.
        XCTAssertEqual(trainer.globalStep, 3 * 8)
        XCTAssertEqual(trainer.history.count, 3)
        XCTAssertGreaterThan(try XCTUnwrap(trainer.history.last?["val/acc"], "validated on the module's data"), 0.9)

        let metrics = try trainer.test(model, datamodule: data)
        XCTAssertEqual(Array(data.calls.suffix(2)), ["setup(test)", "testDataloader"])
        // The same number as testing on the module's test set directly.
        let direct = Trainer(enableProgressBar: false).test(model, DataLoader(toyDataset(60, seed: 9), batchSize: 64))
        XCTAssertEqual(metrics["test/loss"]!, direct["test/loss"]!, accuracy: 1e-12)

        let validation = try trainer.validate(model, datamodule: data)
        XCTAssertEqual(Array(data.calls.suffix(2)), ["setup(validate)", "valDataloader"])
        XCTAssertEqual(validation["val/acc"]!, trainer.validate(model, DataLoader(toyDataset(100, seed: 4), batchSize: 64))["val/acc"]!)
    }

    func testAModuleWithoutTestDataSaysSo() throws {
        let data = ToyDataModule(withTest: false)
        let model = ToyClassifier(lr: 0.5)
        XCTAssertThrowsError(try Trainer(enableProgressBar: false).test(model, datamodule: data)) { error in
            XCTAssertTrue("\(error)".contains("ToyDataModule.testDataloader() returned nil"), "\(error)")
        }
    }
}
