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
/// With `ToTensor()` alone as the transform, the next batch may be gathered on
/// a background thread while the training step runs; the batches are the same
/// bytes either way (see `BackgroundBatches`).
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

    /// One epoch: the sample order is drawn when the `for` loop starts.
    public struct Iterator: IteratorProtocol {
        let dataset: any Dataset
        let batchSize: Int
        let end: Int
        let order: [Int]?
        let pipeline: TransformPipeline
        let generator: Generator
        var position = 0
        /// Speed only: set when batches can be gathered on a background thread.
        var background: BackgroundBatches?
        var gathersInBackground: Bool { background != nil }

        init(_ loader: DataLoader) {
            dataset = loader.dataset
            batchSize = loader.batchSize
            end = loader.dropLast ? loader.count * loader.batchSize : loader.dataset.count
            order = loader.shuffle ? loader.generator.permutation(loader.dataset.count) : nil
            pipeline = TransformPipeline(transform: loader.transform, inputSize: loader.dataset.imageSize)
            generator = loader.generator
            background = BackgroundBatches(dataset: dataset, pipeline: pipeline)
        }

        /// The next batch: the next `batchSize` samples of the epoch's order, each
        /// passed through the transform into its row of one tensor.
        public mutating func next() -> Element? {
            guard position < end else { return nil }
            let indices = indices(at: position)
            position += indices.count
            if background != nil {
                return background!.take(indices, thenGather: position < end ? self.indices(at: position) : nil)
            }
            let imageSize = pipeline.outputSize
            var labels = [Int](repeating: 0, count: indices.count)
            let images = Tensor(shape: [indices.count, 1, imageSize.height, imageSize.width]) { buffer in
                for (k, index) in indices.enumerated() {
                    dataset.prefetch(indices, reading: k)
                    labels[k] = pipeline.run(dataset: dataset, index: index, into: buffer.baseAddress! + k * imageSize.count,
                                             generator: generator)
                }
            }
            checkUsage(pipeline.lastPixelMaximum == 1, "DataLoader", "the transform leaves pixels on a 0…\(Int(pipeline.lastPixelMaximum)) scale; "
                         + "add ToTensor() to it, e.g. Compose([RandomHorizontalFlip(), ToTensor()])")
            return (images, labels)
        }

        /// The data set indices of the batch that starts at `start` in the epoch's order.
        private func indices(at start: Int) -> [Int] {
            (start..<Swift.min(start + batchSize, end)).map { order?[$0] ?? $0 }
        }
    }
}

extension Dataset {
    /// Speed only: while sample `k` of `indices` is read, asks for the one
    /// `prefetchDistance` further on (and, at the start, for the first ones).
    func prefetch(_ indices: [Int], reading k: Int) {
        let ahead = DataLoader.prefetchDistance
        if k == 0 { for index in indices.prefix(ahead) { prefetch(index) } }
        if k + ahead < indices.count { prefetch(indices[k + ahead]) }
    }
}
