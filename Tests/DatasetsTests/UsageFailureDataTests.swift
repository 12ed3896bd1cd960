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

    // An index past the end names the index and the size: for the byte-backed sets it
    // would otherwise read past the images, for the others trap.

    static let bytes = ByteImageDataset(pixels: [UInt8](repeating: 7, count: 3 * 4), labels: [0, 1, 2],
                                        imageSize: ImageSize(height: 2, width: 2))
    static let tensors = TensorDataset(images: Tensor.zeros([4, 1, 2, 2]), labels: [0, 1, 2, 3])

    func testALabelPastTheEndOfAByteDataset() throws {
        try expectUsageFailure(line: #line + 1, ["error: label(at:): index 3 is out of range for a data set of 3 samples\n", "valid: an index in 0..<3"]) {
            _ = Self.bytes.label(at: 3)
        }
    }

    func testASamplePastTheEndOfAByteDataset() throws {
        var pixels = [Float](repeating: 0, count: 4)
        try expectUsageFailure(line: #line + 1, ["error: sample(at:): index 60000 is out of range for a data set of 3 samples\n"]) {
            _ = Self.bytes.sampleInUnitRange(at: 60_000, into: &pixels)
        }
    }

    func testANegativeSampleOfATensorDataset() throws {
        var pixels = [Float](repeating: 0, count: 4)
        try expectUsageFailure(line: #line + 1, ["error: sample(at:): index -1 is out of range for a data set of 4 samples\n"]) {
            _ = Self.tensors.sample(at: -1, into: &pixels)
        }
    }

    func testALabelPastTheEndOfATensorDataset() throws {
        try expectUsageFailure(line: #line + 1, ["error: label(at:): index 4 is out of range for a data set of 4 samples\n"]) {
            _ = Self.tensors.label(at: 4)
        }
    }

    func testASubscriptPastTheEnd() throws {
        try expectUsageFailure(line: #line + 1, ["error: sample(at:): index 4 is out of range for a data set of 4 samples\n"]) {
            _ = Self.tensors[4]
        }
    }

    func testASubsetOverIndicesPastTheEnd() throws {
        try expectUsageFailure(line: #line + 1, ["error: Subset: index 9 is out of range for a data set of 4 samples\n", "valid: indices in 0..<4"]) {
            _ = Subset(Self.tensors, indices: [0, 9, 1])
        }
    }

    func testALabelPastTheEndOfASubset() throws {
        let part = Subset(Self.tensors, indices: [3, 1])
        try expectUsageFailure(line: #line + 1, ["error: label(at:): index 2 is out of range for a data set of 2 samples\n"]) {
            _ = part.label(at: 2)
        }
    }

    func testASamplePastTheEndOfAClassSubset() throws {
        let part = ClassSubset(Self.tensors, classes: [1, 2])
        var pixels = [Float](repeating: 0, count: 4)
        try expectUsageFailure(line: #line + 1, ["error: sample(at:): index 2 is out of range for a data set of 2 samples\n"]) {
            _ = part.sample(at: 2, into: &pixels)
        }
    }

    func testWritingAnIDXFileWithTooFewBytes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("idx-usage-\(UUID().uuidString)")
        try expectUsageFailure(line: #line + 1, ["error: IDX.write: 5 bytes do not fill dimensions [2, 3] (6 values)\n"]) {
            try? IDX.write(dimensions: [2, 3], bytes: [1, 2, 3, 4, 5], to: url, gzip: false)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }

    func testWritingAPNGWithTooFewBytes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("png-usage-\(UUID().uuidString).png")
        let pixels: [UInt8] = [0, 128, 255]
        try expectUsageFailure(line: #line + 1, ["error: PNG.writeGrayscale: 3 bytes for a 2 × 2 image\n"]) {
            pixels.withUnsafeBufferPointer { try? PNG.writeGrayscale($0, width: 2, height: 2, to: url) }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }

    func testALabelPastTheEndOfNoisyLabels() throws {
        let noisy = NoisyLabels(Self.tensors, fraction: 0.5, numClasses: 4, generator: Generator(seed: 1))
        try expectUsageFailure(line: #line + 1, ["error: label(at:): index 4 is out of range for a data set of 4 samples\n"]) {
            _ = noisy.label(at: 4)
        }
    }
}
