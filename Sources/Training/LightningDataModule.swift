import Datasets
import Foundation

/// What `setup(stage:)` is asked to prepare, as Lightning's `stage` strings
/// "fit", "validate", "test" and "predict".
public enum DataStage: String, Sendable { case fit, validate, test, predict }

/// Lightning's `LightningDataModule`: the data of an experiment in one object
/// (where the files are, the split, the transforms, the loaders), so that
/// the model's code never builds a loader and the same data can be handed to
/// `Trainer.fit(_:datamodule:)` and `Trainer.test(_:datamodule:)`.
///
/// `prepareData()` is for one-off work such as a download; `setup(stage:)`
/// builds the data sets the stage needs and may be called once per stage;
/// the `…Dataloader()` methods return fresh loaders over them.
public protocol LightningDataModule: AnyObject {
    func prepareData() throws
    func setup(stage: DataStage) throws
    func trainDataloader() throws -> DataLoader
    /// nil: no validation (the default).
    func valDataloader() throws -> DataLoader?
    /// nil: the module has no test data (the default).
    func testDataloader() throws -> DataLoader?
}

extension LightningDataModule {
    public func prepareData() throws {}
    public func valDataloader() throws -> DataLoader? { nil }
    public func testDataloader() throws -> DataLoader? { nil }
}

/// A stage asked for data the module does not provide.
public struct DataModuleError: Error, CustomStringConvertible {
    public let description: String
}

extension Trainer {
    /// `trainer.fit(model, datamodule=dm)`: `prepareData()`, `setup(stage: .fit)`,
    /// then training on `trainDataloader()` with `valDataloader()` for validation.
    public func fit(_ module: LightningModule, datamodule: LightningDataModule, checkpoint: URL? = nil) throws {
        try datamodule.prepareData()
        try datamodule.setup(stage: .fit)
        try fit(module, train: try datamodule.trainDataloader(), validation: try datamodule.valDataloader(),
                checkpoint: checkpoint)
    }

    /// `trainer.validate(model, datamodule=dm)`.
    @discardableResult
    public func validate(_ module: LightningModule, datamodule: LightningDataModule) throws -> [String: Double] {
        try datamodule.setup(stage: .validate)
        guard let loader = try datamodule.valDataloader() else {
            throw DataModuleError(description: "\(type(of: datamodule)).valDataloader() returned nil: "
                                  + "the data module has no validation data; implement valDataloader()")
        }
        return validate(module, loader)
    }

    /// `trainer.test(model, datamodule=dm)`.
    @discardableResult
    public func test(_ module: LightningModule, datamodule: LightningDataModule) throws -> [String: Double] {
        try datamodule.setup(stage: .test)
        guard let loader = try datamodule.testDataloader() else {
            throw DataModuleError(description: "\(type(of: datamodule)).testDataloader() returned nil: "
                                  + "the data module has no test data; implement testDataloader()")
        }
        return test(module, loader)
    }
}
