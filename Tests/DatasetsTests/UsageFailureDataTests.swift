import Datasets
import Tensors
import TestSupport
import XCTest

/// A loader or split asked for the impossible stops with exit code 1 and a message.
final class UsageFailureDataTests: XCTestCase {
    func testDataLoaderWithANegativeBatchSize() throws {
        let data = TensorDataset(images: Tensor.zeros([4, 1, 2, 2]), labels: [0, 1, 2, 3])
        let line = #line + 1
        let result = try UsageFailureProcess.run(self) { _ = DataLoader(data, batchSize: -1) }
        XCTAssertTrue(result.exited, result.stderr)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: DataLoader: batchSize must be positive, got -1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("valid: batchSize ≥ 1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("called at Tests/DatasetsTests/UsageFailureDataTests.swift:\(line)\n"), result.stderr)
    }

    func testRandomSplitLengthsThatDoNotAddUp() throws {
        let data = TensorDataset(images: Tensor.zeros([4, 1, 2, 2]), labels: [0, 1, 2, 3])
        let result = try UsageFailureProcess.run(self) { _ = randomSplit(data, lengths: [3, 3]) }
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: randomSplit: the lengths [3, 3] add up to 6"), result.stderr)
    }
}
