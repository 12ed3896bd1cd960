import Datasets
import Tensors
import TestSupport
import XCTest

/// A data set written the simple way: `count` and a subscript returning an image
/// tensor and a label, nothing else. The loader serves it as any other.
final class SimpleDatasetTests: XCTestCase {
    /// Sample i is a 3 × 2 image whose pixels are i/100 + p/1000 (p the pixel), label i % 3.
    struct Ramps: Dataset {
        var count: Int { 10 }
        subscript(index: Int) -> (image: Tensor, label: Int) {
            (Tensor((0..<6).map { Float(index) / 100 + Float($0) / 1000 }, shape: [1, 3, 2]), index % 3)
        }
    }

    /// The same samples through the fast path, as the framework's data sets write them.
    struct FastRamps: Dataset {
        var count: Int { 10 }
        var imageSize: ImageSize { ImageSize(height: 3, width: 2) }
        var pixelMaximum: Float { 1 }
        func label(at index: Int) -> Int { index % 3 }
        func sample(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
            for p in 0..<6 { pixels[p] = Float(index) / 100 + Float(p) / 1000 }
            return index % 3
        }
    }

    func testTheDefaultsComeFromTheSubscript() {
        let data = Ramps()
        XCTAssertEqual(data.imageSize, ImageSize(height: 3, width: 2))
        XCTAssertEqual(data.pixelMaximum, 1)
        XCTAssertEqual(data.label(at: 4), 1)
        XCTAssertEqual(data.labels, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
        var pixels = [Float](repeating: -1, count: 6)
        XCTAssertEqual(data.sample(at: 7, into: &pixels), 1)
        XCTAssertEqual(pixels, Ramps()[7].image.scalars)
    }

    func testTheLoaderBatchesASimpleDataSetAsItBatchesAFastOne() {
        for shuffle in [false, true] {
            let simple = DataLoader(Ramps(), batchSize: 4, shuffle: shuffle, generator: Generator(seed: 5))
            let fast = DataLoader(FastRamps(), batchSize: 4, shuffle: shuffle, generator: Generator(seed: 5))
            let a = Array(simple), b = Array(fast)
            XCTAssertEqual(a.map(\.images.shape), [[4, 1, 3, 2], [4, 1, 3, 2], [2, 1, 3, 2]])
            XCTAssertEqual(a.map(\.labels), b.map(\.labels))
            XCTAssertEqual(a.map(\.images.scalars), b.map(\.images.scalars))
        }
        // Unshuffled, batch 0 holds samples 0…3 in order.
        let first = Array(DataLoader(Ramps(), batchSize: 4))[0]
        XCTAssertEqual(first.labels, [0, 1, 2, 0])
        XCTAssertEqual(Array(first.images.scalars[6..<12]), Ramps()[1].image.scalars)
        // Random transforms apply too: a flip reverses each row of 2 pixels.
        let flipped = Array(DataLoader(Ramps(), batchSize: 10, transform: Compose([RandomHorizontalFlip(p: 1), ToTensor()])))[0]
        XCTAssertEqual(Array(flipped.images.scalars[0..<2]), [0.001, 0])
    }

    /// An image of another size would overrun the loader's buffer: it stops with a message instead.
    func testAnImageOfAnotherSizeIsAUsageFailure() throws {
        struct Ragged: Dataset {
            var count: Int { 4 }
            subscript(index: Int) -> (image: Tensor, label: Int) {
                (Tensor.zeros(index == 2 ? [1, 4, 4] : [1, 3, 2]), 0)
            }
        }
        let result = try UsageFailureProcess.run(self) { _ = Array(DataLoader(Ragged(), batchSize: 4)) }
        XCTAssertTrue(result.exited, result.stderr)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error: Dataset: sample 2 has a 4×4 image, but the data set's images are 3×2"),
                      result.stderr)
    }
}
