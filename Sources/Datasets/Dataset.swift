import CMemory
import Tensors

/// A map-style data set of one-channel images with integer labels
/// (`torch.utils.data.Dataset` with `__len__` and `__getitem__`).
///
/// The simple way to write one is PyTorch's: the number of samples and the
/// sample at an index, an image tensor `[1, H, W]` (or `[H, W]`) of values in
/// [0, 1] and its label. Everything else has a default.
///
///     struct Squares: Dataset {
///         var count: Int { 100 }
///         subscript(index: Int) -> (image: Tensor, label: Int) {
///             (Tensor.full([1, 8, 8], Float(index % 10) / 10), index % 10)
///         }
///     }
///
/// The fast path, which the framework's own data sets take, writes the pixels
/// straight into the loader's batch (`sample(at:into:)`, no tensor per sample)
/// and states `imageSize`, `pixelMaximum` and `label(at:)` without reading an
/// image. Implement the subscript or `sample(at:into:)`; each defaults to the other.
public protocol Dataset {
    /// The number of samples (`len(dataset)`).
    var count: Int { get }
    /// Sample `index` as (image `[1, H, W]` in [0, 1], label), like `x, y = dataset[i]`
    /// with `transform=ToTensor()`.
    subscript(index: Int) -> (image: Tensor, label: Int) { get }
    /// Height and width of every image. By default read from sample 0's image:
    /// state it when reading a sample is slow.
    var imageSize: ImageSize { get }
    /// The largest pixel value the samples hold before `ToTensor`: 255 for
    /// images stored as bytes (like PIL images), 1 (the default) for data already in [0, 1].
    var pixelMaximum: Float { get }
    /// The label of sample `index`; by default read with its image.
    func label(at index: Int) -> Int
    /// The fast path: writes image `index` (row-major, `imageSize.count` values
    /// on the scale of `pixelMaximum`) into `pixels` and returns its label.
    /// By default copies the subscript's image.
    func sample(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int
    /// Writes image `index` already divided by `pixelMaximum`, i.e. in [0, 1] as
    /// `ToTensor` leaves it, and returns its label. Loaders whose transform starts
    /// with `ToTensor` call this, so byte data sets can convert in one pass.
    func sampleInUnitRange(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int
    /// A hint that sample `index` will be read soon; data sets whose samples
    /// live in memory start fetching it into the CPU cache. Does nothing by default.
    func prefetch(_ index: Int)
    /// Whether two threads may call `sampleInUnitRange` at once, so that a
    /// loader can gather the next batch in the background. False by default.
    var supportsConcurrentReads: Bool { get }
}

/// The defaults that let a data set give only `count` and the subscript.
extension Dataset {
    public var imageSize: ImageSize { Self.imageSize(of: self[0].image, index: 0) }
    public var pixelMaximum: Float { 1 }
    public func label(at index: Int) -> Int { self[index].label }

    public func sample(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        let (image, label) = self[index]
        let size = Self.imageSize(of: image, index: index), expected = imageSize
        checkUsage(size == expected, "Dataset", "sample \(index) has a \(size) image, but the data set's images are \(expected)",
                   valid: "images of one size, [1, H, W] or [H, W]",
                   russian: ("у образца \(index) изображение \(size), а у набора данных — \(expected)",
                             "изображения одного размера, [1, H, W] или [H, W]"))
        image.withUnsafeBufferPointer { pixels.update(from: $0.baseAddress!, count: $0.count) }
        return label
    }

    /// H × W of a sample's image `[1, H, W]` or `[H, W]`.
    static func imageSize(of image: Tensor, index: Int) -> ImageSize {
        let shape = image.shape
        checkUsage(shape.count == 2 || (shape.count == 3 && shape[0] == 1), "Dataset",
                   "sample \(index) is an image of shape \(shape); a data set holds one-channel images",
                   valid: "an image [1, H, W] or [H, W], e.g. Tensor.zeros([1, 28, 28])",
                   russian: ("образец \(index) — изображение формы \(shape); набор данных хранит одноканальные изображения",
                             "изображение [1, H, W] или [H, W], например Tensor.zeros([1, 28, 28])"))
        return ImageSize(height: shape[shape.count - 2], width: shape[shape.count - 1])
    }
}

extension Dataset {
    public func sampleInUnitRange(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        let label = sample(at: index, into: pixels)
        divide(pixels, count: imageSize.count, by: pixelMaximum)
        return label
    }
    public func prefetch(_ index: Int) {}
    public var supportsConcurrentReads: Bool { false }
}

/// x ← x / d: torchvision's `ToTensor` divides (`img.float().div(255)`); a
/// multiplication by 1/255 would differ in the last bit for half the bytes.
@inline(__always)
func divide(_ p: UnsafeMutablePointer<Float>, count: Int, by d: Float) {
    guard d != 1 else { return }
    for i in 0..<count { p[i] = p[i] / d }
}

/// Height × width of an image.
public struct ImageSize: Equatable, CustomStringConvertible {
    public var height: Int
    public var width: Int
    public init(height: Int, width: Int) { self.height = height; self.width = width }
    public var count: Int { height * width }
    public var description: String { "\(height)×\(width)" }
}

extension Dataset {
    /// Sample `index` as `(image [1, H, W] in [0, 1], label)`, like
    /// `x, y = dataset[i]` with `transform=ToTensor()`.
    public subscript(index: Int) -> (image: Tensor, label: Int) {
        sample(at: index, transform: ToTensor(), generator: .default)
    }

    /// Sample `index` passed through `transform` (which should include `ToTensor()`),
    /// as a tensor `[1, H', W']`.
    public func sample(at index: Int, transform: Transform, generator: Generator) -> (image: Tensor, label: Int) {
        checkSampleIndex(index, count: count, "sample(at:)")
        let pipeline = TransformPipeline(transform: transform, inputSize: imageSize)
        let out = pipeline.outputSize
        var label = 0
        let image = Tensor(shape: [1, out.height, out.width]) { buffer in
            label = pipeline.run(dataset: self, index: index, into: buffer.baseAddress!, generator: generator)
        }
        return (image, label)
    }

    /// All labels, in order.
    public var labels: [Int] { (0..<count).map { label(at: $0) } }
}

/// Images and labels held in memory as a tensor `[N, 1, H, W]` (or `[N, H, W]`)
/// of values in [0, 1] (`TensorDataset(images, labels)`).
public struct TensorDataset: Dataset {
    public let images: Tensor
    public let targets: [Int]
    public let imageSize: ImageSize
    public var pixelMaximum: Float { 1 }

    public init(images: Tensor, labels: [Int]) {
        checkUsage(images.rank == 4 && images.shape[1] == 1 || images.rank == 3, "TensorDataset", "needs images [N, 1, H, W] or [N, H, W], got \(images.shape)")
        checkUsage(images.shape[0] == labels.count, "TensorDataset", "\(images.shape[0]) images but \(labels.count) labels")
        self.images = images
        targets = labels
        imageSize = ImageSize(height: images.shape[images.rank - 2], width: images.shape[images.rank - 1])
    }

    public var count: Int { targets.count }
    public func label(at index: Int) -> Int {
        checkSampleIndex(index, count: count, "label(at:)")
        return targets[index]
    }
    public func sample(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        checkSampleIndex(index, count: count, "sample(at:)")
        let n = imageSize.count
        pixels.update(from: images.storage.pointer + index * n, count: n)
        return targets[index]
    }
}

/// Images stored as bytes (0…255) in one contiguous buffer, `count × H × W`,
/// the way Fashion-MNIST comes. `ToTensor` maps them to [0, 1].
public final class ByteImageDataset: Dataset {
    public let pixels: [UInt8]
    public let targets: [UInt8]
    public let imageSize: ImageSize
    public var pixelMaximum: Float { 255 }
    /// Immutable bytes: any number of threads may read them.
    public var supportsConcurrentReads: Bool { true }

    public init(pixels: [UInt8], labels: [UInt8], imageSize: ImageSize) {
        checkUsage(pixels.count == labels.count * imageSize.count, "ByteImageDataset", "\(pixels.count) bytes are not \(labels.count) images of \(imageSize)")
        self.pixels = pixels
        targets = labels
        self.imageSize = imageSize
    }

    public var count: Int { targets.count }
    public func label(at index: Int) -> Int {
        checkSampleIndex(index, count: count, "label(at:)")
        return Int(targets[index])
    }
    public func sample(at index: Int, into out: UnsafeMutablePointer<Float>) -> Int {
        checkSampleIndex(index, count: count, "sample(at:)")
        let n = imageSize.count
        pixels.withUnsafeBufferPointer { bytes in
            let source = bytes.baseAddress! + index * n
            for i in 0..<n { out[i] = Float(source[i]) }
        }
        return Int(targets[index])
    }
    public func sampleInUnitRange(at index: Int, into out: UnsafeMutablePointer<Float>) -> Int {
        checkSampleIndex(index, count: count, "sample(at:)")
        let n = imageSize.count
        pixels.withUnsafeBufferPointer { bytes in
            let source = bytes.baseAddress! + index * n
            for i in 0..<n { out[i] = Float(source[i]) / 255 }
        }
        return Int(targets[index])
    }

    /// Asks the CPU to start fetching image `index` while other work goes on.
    /// A shuffled loader reads images at random places in 47 MB, where each one
    /// costs a trip to main memory; announcing the next images first lets those
    /// trips overlap (a third faster on Fashion-MNIST).
    public func prefetch(_ index: Int) {
        let n = imageSize.count
        pixels.withUnsafeBufferPointer { bytes in
            let source = bytes.baseAddress! + index * n
            for offset in stride(from: 0, to: n, by: 64) { prefetch_for_reading(source + offset) }
            prefetch_for_reading(source + n - 1)
        }
    }
}

/// The samples of `dataset` at `indices` (`torch.utils.data.Subset`).
public struct Subset: Dataset {
    public let dataset: any Dataset
    public let indices: [Int]

    public init(_ dataset: any Dataset, indices: [Int]) {
        if let bad = indices.first(where: { $0 < 0 || $0 >= dataset.count }) {
            usageFailure("Subset", "index \(bad) is out of range for a data set of \(dataset.count) samples",
                         valid: "indices in 0..<\(dataset.count)")
        }
        self.dataset = dataset
        self.indices = indices
    }

    public var count: Int { indices.count }
    public var imageSize: ImageSize { dataset.imageSize }
    public var pixelMaximum: Float { dataset.pixelMaximum }
    public func label(at index: Int) -> Int {
        checkSampleIndex(index, count: count, "label(at:)")
        return dataset.label(at: indices[index])
    }
    public func sample(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        checkSampleIndex(index, count: count, "sample(at:)")
        return dataset.sample(at: indices[index], into: pixels)
    }
    public func sampleInUnitRange(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        checkSampleIndex(index, count: count, "sample(at:)")
        return dataset.sampleInUnitRange(at: indices[index], into: pixels)
    }
    public func prefetch(_ index: Int) { dataset.prefetch(indices[index]) }
    public var supportsConcurrentReads: Bool { dataset.supportsConcurrentReads }
}

/// Splits `dataset` into non-overlapping random subsets of the given lengths,
/// which must add up to `dataset.count` (`torch.utils.data.random_split`):
/// one seeded permutation of all indices, cut in order.
///
///     let parts = randomSplit(dataset, lengths: [50_000, 10_000], generator: Generator(seed: 42))
///     let (train, val) = (parts[0], parts[1])
public func randomSplit(_ dataset: any Dataset, lengths: [Int], generator: Generator = .default) -> [Subset] {
    checkUsage(lengths.allSatisfy { $0 >= 0 }, "randomSplit", "negative length in \(lengths)")
    checkUsage(lengths.reduce(0, +) == dataset.count, "randomSplit", "the lengths \(lengths) add up to \(lengths.reduce(0, +)), "
                 + "not to the data set's \(dataset.count) samples")
    let permutation = generator.permutation(dataset.count)
    var start = 0
    return lengths.map { length in
        defer { start += length }
        return Subset(dataset, indices: Array(permutation[start..<start + length]))
    }
}

/// `randomSplit` with fractions that add up to 1, e.g. `[0.8, 0.2]`. As in PyTorch,
/// each part gets `floor(count · fraction)` samples and the remainder is dealt
/// one by one to the parts in order.
public func randomSplit(_ dataset: any Dataset, lengths fractions: [Double], generator: Generator = .default) -> [Subset] {
    checkUsage(fractions.allSatisfy { $0 >= 0 && $0 <= 1 } && abs(fractions.reduce(0, +) - 1) < 1e-6, "randomSplit", "fractions \(fractions) must lie in [0, 1] and add up to 1")
    var lengths = fractions.map { Int((Double(dataset.count) * $0).rounded(.down)) }
    let remainder = dataset.count - lengths.reduce(0, +)
    for i in 0..<remainder { lengths[i % lengths.count] += 1 }
    return randomSplit(dataset, lengths: lengths, generator: generator)
}

/// An index from outside the data set's own code: past the end it is a usage failure
/// naming the index and the size, not a trap (nor, for the byte-backed sets, a read
/// past the images).
@inline(__always)
func checkSampleIndex(_ index: Int, count: Int, _ operation: @autoclosure () -> String) {
    checkUsage(index >= 0 && index < count, operation(), "index \(index) is out of range for a data set of \(count) samples",
               valid: "an index in 0..<\(count)",
               russian: ("индекс \(index) вне набора данных из \(count) примеров", "индекс в 0..<\(count)"))
}
