import Tensors

/// One sample's image while transforms work on it: a one-channel H×W float
/// buffer plus a scratch buffer of the same capacity. A transform that cannot
/// work in place writes into `scratch` and calls `swapBuffers()`.
public struct ImageBuffer {
    public private(set) var pixels: UnsafeMutablePointer<Float>
    public private(set) var scratch: UnsafeMutablePointer<Float>
    /// How many floats each of the two buffers holds.
    public let capacity: Int
    public var size: ImageSize {
        didSet { precondition(size.count <= capacity, "image \(size) does not fit a buffer of \(capacity)") }
    }
    /// 255 while the pixels are bytes (before `ToTensor`), 1 after.
    public var pixelMaximum: Float

    public init(pixels: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, capacity: Int,
                size: ImageSize, pixelMaximum: Float) {
        precondition(size.count <= capacity)
        self.pixels = pixels
        self.scratch = scratch
        self.capacity = capacity
        self.size = size
        self.pixelMaximum = pixelMaximum
    }

    public var height: Int { size.height }
    public var width: Int { size.width }
    public var count: Int { size.count }

    /// Makes `scratch` the image and the old image the scratch buffer.
    public mutating func swapBuffers() { swap(&pixels, &scratch) }
}

/// An image transform with torchvision's name and semantics, applied to one
/// sample in place. Random transforms draw from `generator`, so the same seed
/// gives the same augmented images.
public protocol Transform {
    /// The size of the image this transform outputs for an input of `size`.
    func outputSize(for size: ImageSize) -> ImageSize
    func apply(to image: inout ImageBuffer, generator: Generator)
}

extension Transform {
    public func outputSize(for size: ImageSize) -> ImageSize { size }

    /// Applies the transform to a tensor `[1, H, W]` or `[H, W]` of values in
    /// [0, 1] (already `ToTensor`'d) and returns a new tensor `[1, H', W']`.
    public func callAsFunction(_ image: Tensor, generator: Generator = .default) -> Tensor {
        checkUsage(image.rank == 2 || image.rank == 3 && image.shape[0] == 1, "transform", "transforms take one-channel images [1, H, W] or [H, W], got \(image.shape)")
        let size = ImageSize(height: image.shape[image.rank - 2], width: image.shape[image.rank - 1])
        let dataset = TensorDataset(images: image.reshape([1, 1, size.height, size.width]), labels: [0])
        return dataset.sample(at: 0, transform: self, generator: generator).image
    }
}

/// `T.Compose([...])`: the transforms one after the other.
public struct Compose: Transform {
    public let transforms: [any Transform]
    public init(_ transforms: [any Transform]) { self.transforms = transforms }

    public func outputSize(for size: ImageSize) -> ImageSize {
        transforms.reduce(size) { $1.outputSize(for: $0) }
    }

    public func apply(to image: inout ImageBuffer, generator: Generator) {
        for t in transforms { t.apply(to: &image, generator: generator) }
    }
}

/// Runs a data set's sample through a transform into its final place, with
/// working buffers allocated once (not per sample).
final class TransformPipeline {
    /// Whether the transform starts with `ToTensor`, which the data set then
    /// does itself while reading (one pass over the pixels instead of two).
    private let startsWithToTensor: Bool
    /// The stages `run` applies: all of them, or those after that `ToTensor`.
    private let stagesToApply: [any Transform]
    let inputSize: ImageSize
    let outputSize: ImageSize
    /// The transform is `ToTensor()` alone: samples need no generator and no
    /// working buffer, so any thread may read them straight into the batch.
    var isPlainToTensor: Bool { startsWithToTensor && stagesToApply.isEmpty }
    /// The largest image any stage produces; the working buffers hold this many floats.
    let capacity: Int
    /// The pixel scale the last sample ended on (1 once `ToTensor` ran).
    private(set) var lastPixelMaximum: Float = 1
    private let work: UnsafeMutablePointer<Float>
    private let scratch: UnsafeMutablePointer<Float>

    init(transform: any Transform, inputSize: ImageSize) {
        self.inputSize = inputSize
        var size = inputSize, largest = inputSize.count
        let stages = (transform as? Compose)?.transforms ?? [transform]
        startsWithToTensor = stages.first is ToTensor
        stagesToApply = startsWithToTensor ? Array(stages.dropFirst()) : stages
        for stage in stages {
            size = stage.outputSize(for: size)
            largest = max(largest, size.count)
        }
        outputSize = size
        capacity = largest
        work = .allocate(capacity: largest)
        scratch = .allocate(capacity: largest)
    }

    deinit {
        work.deallocate()
        scratch.deallocate()
    }

    /// Reads sample `index`, transforms it and writes `outputSize.count` floats
    /// to `destination`; returns the label. When no stage grows the image, the
    /// sample is read straight into `destination` and usually stays there.
    func run(dataset: any Dataset, index: Int, into destination: UnsafeMutablePointer<Float>,
             generator: Generator) -> Int {
        let direct = capacity <= outputSize.count
        let start = direct ? destination : work
        let label = startsWithToTensor ? dataset.sampleInUnitRange(at: index, into: start)
                                       : dataset.sample(at: index, into: start)
        var image = ImageBuffer(pixels: start, scratch: scratch, capacity: capacity, size: inputSize,
                                pixelMaximum: startsWithToTensor ? 1 : dataset.pixelMaximum)
        for stage in stagesToApply { stage.apply(to: &image, generator: generator) }
        precondition(image.size == outputSize, "a transform produced \(image.size), not the announced \(outputSize)")
        lastPixelMaximum = image.pixelMaximum
        if image.pixels != destination { destination.update(from: image.pixels, count: outputSize.count) }
        return label
    }
}
