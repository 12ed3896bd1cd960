import Foundation
import Tensors

/// Batches of a data set (`torch.utils.data.DataLoader` with `num_workers=0`):
/// a `Sequence` of `(images: Tensor [B, 1, H, W], labels: [Int])`.
///
///     let loader = DataLoader(train, batchSize: 1024, shuffle: true, dropLast: true,
///                             generator: Generator(seed: 42), transform: ToTensor())
///     print(loader.count)                   // len(train_loader)
///     for (images, labels) in loader { ... }
///
/// Each epoch (each `for` loop) with `shuffle` visits the samples in a new order
/// drawn from `generator`; random transforms draw from it too, so a seed fixes
/// both. Samples are written straight into the batch tensor's storage: one
/// allocation per batch, none per sample.
///
/// When the transform is `ToTensor()` alone and the data set allows it, a
/// background thread starts gathering the next batch while the training step
/// runs, on the core OpenBLAS leaves idle between large products (PyTorch would
/// need `num_workers=1` for that). The batches are exactly those of a
/// single-threaded loader; random transforms always run in order on the
/// calling thread, so a seed means the same thing either way.
public struct DataLoader: Sequence {
    public typealias Element = (images: Tensor, labels: [Int])

    public let dataset: any Dataset
    public let batchSize: Int
    public let shuffle: Bool
    public let dropLast: Bool
    public let generator: Generator
    /// Applied to every sample; must end with pixels in [0, 1] (include `ToTensor()`).
    public let transform: any Transform

    public init(_ dataset: any Dataset, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                generator: Generator = .default, transform: (any Transform)? = nil) {
        checkUsage(batchSize > 0, "DataLoader", "batchSize must be positive, got \(batchSize)",
                   valid: "batchSize ≥ 1, e.g. DataLoader(train, batchSize: 64, shuffle: true)",
                   russian: ("размер батча должен быть положительным, получено \(batchSize)",
                             "batchSize ≥ 1, например DataLoader(train, batchSize: 64, shuffle: true)"))
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.generator = generator
        self.transform = transform ?? ToTensor()
    }

    /// The number of batches per epoch (`len(loader)`).
    public var count: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// The shape of one image after the transform, `[1, H, W]`.
    public var imageShape: [Int] {
        let size = transform.outputSize(for: dataset.imageSize)
        return [1, size.height, size.width]
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    /// How many samples ahead the loader asks for an image to be fetched: far
    /// enough for memory to answer, near enough for it to stay cached.
    static let prefetchDistance = 2

    public struct Iterator: IteratorProtocol {
        let dataset: any Dataset
        let batchSize: Int
        let end: Int
        let order: [Int]?
        let pipeline: TransformPipeline
        let generator: Generator
        let gathersInBackground: Bool
        var position = 0

        init(_ loader: DataLoader) {
            dataset = loader.dataset
            batchSize = loader.batchSize
            end = loader.dropLast ? loader.count * loader.batchSize : loader.dataset.count
            order = loader.shuffle ? loader.generator.permutation(loader.dataset.count) : nil
            pipeline = TransformPipeline(transform: loader.transform, inputSize: loader.dataset.imageSize)
            generator = loader.generator
            gathersInBackground = pipeline.isPlainToTensor && dataset.supportsConcurrentReads
                && ProcessInfo.processInfo.activeProcessorCount > 1
        }

        /// The next batch, already being gathered by a background thread.
        var upcoming: BatchGather?

        public mutating func next() -> Element? {
            guard position < end else { return nil }
            if gathersInBackground { return nextGatheredInBackground() }
            let b = Swift.min(batchSize, end - position)
            let out = pipeline.outputSize
            var labels = [Int](repeating: 0, count: b)
            let images = Tensor(shape: [b, 1, out.height, out.width]) { buffer in
                let base = buffer.baseAddress!
                let indices = (position..<position + b).map { order?[$0] ?? $0 }
                let ahead = DataLoader.prefetchDistance
                for index in indices.prefix(ahead) { dataset.prefetch(index) }
                for (k, index) in indices.enumerated() {
                    if k + ahead < b { dataset.prefetch(indices[k + ahead]) }
                    labels[k] = pipeline.run(dataset: dataset, index: index, into: base + k * out.count,
                                             generator: generator)
                }
            }
            checkUsage(pipeline.lastPixelMaximum == 1, "DataLoader", "the transform leaves pixels on a 0…\(Int(pipeline.lastPixelMaximum)) scale; "
                         + "add ToTensor() to it, e.g. Compose([RandomHorizontalFlip(), ToTensor()])")
            position += b
            return (images, labels)
        }

        private mutating func nextGatheredInBackground() -> Element? {
            let batch = upcoming.flatMap { $0.position == position ? $0 : nil } ?? gather(at: position)
            position += batch.images.shape[0]
            upcoming = position < end ? gather(at: position) : nil
            return batch.finish()
        }

        private func gather(at start: Int) -> BatchGather {
            let out = pipeline.outputSize
            return BatchGather(dataset: dataset, indices: (start..<Swift.min(start + batchSize, end)).map { order?[$0] ?? $0 },
                               position: start, imageShape: [1, out.height, out.width])
        }
    }
}
