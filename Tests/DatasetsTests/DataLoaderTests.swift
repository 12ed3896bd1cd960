import Datasets
import Tensors
import XCTest

final class DataLoaderTests: XCTestCase {
    func testRandomSplitIsASeededPartition() {
        let data = Fixtures.tensorDataset(count: 10, height: 2, width: 2)
        let parts = randomSplit(data, lengths: [7, 3], generator: Generator(seed: 42))
        XCTAssertEqual(parts.map(\.count), [7, 3])
        XCTAssertEqual(Set(parts[0].indices + parts[1].indices), Set(0..<10))
        XCTAssertTrue(Set(parts[0].indices).isDisjoint(with: parts[1].indices))
        XCTAssertNotEqual(parts[0].indices, Array(0..<7), "shuffled")
        let again = randomSplit(data, lengths: [7, 3], generator: Generator(seed: 42))
        XCTAssertEqual(again[0].indices, parts[0].indices)
        XCTAssertNotEqual(randomSplit(data, lengths: [7, 3], generator: Generator(seed: 43))[0].indices,
                          parts[0].indices)
        // A subset reads its parent's samples.
        let i = parts[1].indices[0]
        XCTAssertEqual(parts[1].label(at: 0), data.label(at: i))
        XCTAssertEqual(parts[1][0].image.scalars, data[i].image.scalars)
        // Fractions as in PyTorch: floor(11·0.8) = 8, floor(11·0.2) = 2, the extra one to the first part.
        let eleven = Fixtures.tensorDataset(count: 11, height: 1, width: 1)
        XCTAssertEqual(randomSplit(eleven, lengths: [0.8, 0.2], generator: Generator(seed: 0)).map(\.count), [9, 2])
    }

    func testBatchesAndCount() {
        let data = Fixtures.tensorDataset(count: 10, height: 3, width: 2)
        let loader = DataLoader(data, batchSize: 4)
        XCTAssertEqual(loader.count, 3)
        XCTAssertEqual(DataLoader(data, batchSize: 4, dropLast: true).count, 2)
        XCTAssertEqual(DataLoader(data, batchSize: 5, dropLast: true).count, 2)
        let batches = Array(loader)
        XCTAssertEqual(batches.count, 3)
        XCTAssertEqual(batches.map { $0.images.shape }, [[4, 1, 3, 2], [4, 1, 3, 2], [2, 1, 3, 2]])
        XCTAssertEqual(batches.flatMap(\.labels), (0..<10).map { $0 % 10 })
        // The batch holds the samples in order, contiguous.
        let all = batches.flatMap { $0.images.scalars }
        XCTAssertEqual(all, (0..<10).flatMap { data[$0].image.scalars })
        XCTAssertEqual(Array(DataLoader(data, batchSize: 4, dropLast: true)).flatMap(\.labels).count, 8)
    }

    func testShuffleVisitsEverySampleInNewOrderEachEpoch() {
        let data = Fixtures.tensorDataset(count: 50, height: 1, width: 1) { i, _, _ in Float(i) / 100 }
        let loader = DataLoader(data, batchSize: 8, shuffle: true, generator: Generator(seed: 1))
        func epoch(_ l: DataLoader) -> [Int] {
            l.flatMap { batch in batch.images.scalars.map { Int(($0 * 100).rounded()) } }
        }
        let first = epoch(loader), second = epoch(loader)
        XCTAssertEqual(first.sorted(), Array(0..<50))
        XCTAssertEqual(second.sorted(), Array(0..<50))
        XCTAssertNotEqual(first, second, "a new order each epoch")
        XCTAssertNotEqual(first, Array(0..<50))
        // Labels travel with their images.
        for batch in loader {
            XCTAssertEqual(batch.labels, batch.images.scalars.map { Int(($0 * 100).rounded()) % 10 })
        }
        let replay = DataLoader(data, batchSize: 8, shuffle: true, generator: Generator(seed: 1))
        XCTAssertEqual(epoch(replay), first, "same seed, same order")
    }

    func testByteImagesBecomeUnitFloatsAndTransformsApply() {
        let data = ByteImageDataset(pixels: Fixtures.pixels(count: 6), labels: Fixtures.labels(count: 6),
                                    imageSize: ImageSize(height: 28, width: 28))
        let plain = Array(DataLoader(data, batchSize: 6))[0].images
        XCTAssertEqual(plain.shape, [6, 1, 28, 28])
        let expected = Fixtures.pixels(count: 6).map { Float($0) / 255 }
        XCTAssertEqual(plain.scalars, expected, accuracy: 1e-6)
        // A transform that grows the image goes through the working buffers.
        let padded = DataLoader(data, batchSize: 4, transform: Compose([ToTensor(), RandomCrop(size: 32, padding: 2)]))
        XCTAssertEqual(padded.imageShape, [1, 32, 32])
        let batch = Array(padded)[1]
        XCTAssertEqual(batch.images.shape, [2, 1, 32, 32])
        XCTAssertEqual(batch.images.scalars.reduce(0, +), expected[4 * 784..<6 * 784].reduce(0, +), accuracy: 1e-2,
                       "padding adds zeros only")
        // Flipping twice in the loader gives back the plain batch.
        let flipped = DataLoader(data, batchSize: 6, transform: Compose([RandomHorizontalFlip(p: 1), ToTensor(),
                                                                         RandomHorizontalFlip(p: 1)]))
        XCTAssertEqual(Array(flipped)[0].images.scalars, plain.scalars)
    }

    func testEverySampleIsAnnouncedBeforeItIsRead() {
        let data = RecordingDataset(count: 11)
        let loader = DataLoader(data, batchSize: 4, shuffle: true, generator: Generator(seed: 3))
        let labels = loader.flatMap(\.labels)
        XCTAssertEqual(labels.sorted(), Array(0..<11), "each sample read once")
        var announced = Set<Int>(), read = Set<Int>()
        for event in data.events {
            switch event {
            case .prefetch(let i):
                announced.insert(i)
                XCTAssertLessThanOrEqual(announced.subtracting(read).count, 3, "at most two samples ahead of the one being read")
            case .read(let i):
                XCTAssertTrue(announced.contains(i), "sample \(i) read before it was announced")
                read.insert(i)
            }
        }
        XCTAssertEqual(announced, read)
    }
}

/// A data set that logs what a loader asks of it; sample i has label i.
private final class RecordingDataset: Dataset {
    enum Event { case prefetch(Int), read(Int) }
    private(set) var events: [Event] = []
    let count: Int
    init(count: Int) { self.count = count }
    var imageSize: ImageSize { ImageSize(height: 1, width: 1) }
    var pixelMaximum: Float { 1 }
    func label(at index: Int) -> Int { index }
    func sample(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        events.append(.read(index))
        pixels[0] = Float(index)
        return index
    }
    func prefetch(_ index: Int) { events.append(.prefetch(index)) }
}
