@testable import Datasets
import Tensors
import XCTest

/// The same bytes behind a data set that does not allow concurrent reads: its
/// loader gathers every batch in order on the calling thread.
private struct OneReaderAtATime: Dataset {
    let bytes: ByteImageDataset
    var count: Int { bytes.count }
    var imageSize: ImageSize { bytes.imageSize }
    var pixelMaximum: Float { bytes.pixelMaximum }
    func label(at index: Int) -> Int { bytes.label(at: index) }
    func sample(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int { bytes.sample(at: index, into: pixels) }
}

final class BackgroundGatherTests: XCTestCase {
    let bytes = ByteImageDataset(pixels: Fixtures.pixels(count: 53), labels: Fixtures.labels(count: 53),
                                 imageSize: ImageSize(height: 28, width: 28))

    func testOnlyPlainToTensorOnConcurrentDataGoesToTheBackground() throws {
        try XCTSkipIf(ProcessInfo.processInfo.activeProcessorCount < 2, "one core: the loader never uses a second thread")
        XCTAssertTrue(DataLoader(bytes, batchSize: 8).makeIterator().gathersInBackground)
        XCTAssertTrue(DataLoader(Subset(bytes, indices: [3, 1, 4]), batchSize: 2).makeIterator().gathersInBackground)
        XCTAssertFalse(DataLoader(OneReaderAtATime(bytes: bytes), batchSize: 8).makeIterator().gathersInBackground)
        // Random transforms draw from the generator in order, on the calling thread.
        let flip = Compose([ToTensor(), RandomHorizontalFlip()])
        XCTAssertFalse(DataLoader(bytes, batchSize: 8, transform: flip).makeIterator().gathersInBackground)
    }

    func testBackgroundBatchesAreTheInOrderBatches() {
        for (batchSize, dropLast) in [(8, false), (8, true), (1, false), (53, false), (100, false)] {
            let background = DataLoader(bytes, batchSize: batchSize, shuffle: true, dropLast: dropLast,
                                        generator: Generator(seed: 3))
            let inOrder = DataLoader(OneReaderAtATime(bytes: bytes), batchSize: batchSize, shuffle: true,
                                     dropLast: dropLast, generator: Generator(seed: 3))
            for epoch in 0..<2 {
                let got = Array(background), expected = Array(inOrder)
                let context = "batch \(batchSize), dropLast \(dropLast), epoch \(epoch)"
                XCTAssertEqual(got.count, background.count, context)
                XCTAssertEqual(got.map(\.labels), expected.map(\.labels), context)
                XCTAssertEqual(got.map(\.images.shape), expected.map(\.images.shape), context)
                XCTAssertEqual(got.map(\.images.scalars), expected.map(\.images.scalars), context)
            }
        }
    }

    func testAnEpochLeftEarlyDoesNotLeakIntoTheNext() {
        let background = DataLoader(bytes, batchSize: 5, shuffle: true, generator: Generator(seed: 9))
        let inOrder = DataLoader(OneReaderAtATime(bytes: bytes), batchSize: 5, shuffle: true, generator: Generator(seed: 9))
        // Two batches, then break: the third is already being gathered and is thrown away.
        XCTAssertEqual(Array(background.prefix(2)).map(\.labels), Array(inOrder.prefix(2)).map(\.labels))
        let got = Array(background), expected = Array(inOrder)
        XCTAssertEqual(got.map(\.labels), expected.map(\.labels))
        XCTAssertEqual(got.map(\.images.scalars), expected.map(\.images.scalars))
    }
}
