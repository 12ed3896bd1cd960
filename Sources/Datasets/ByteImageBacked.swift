/// A data set whose images and labels are held by a `ByteImageDataset`
/// (Fashion-MNIST read from its IDX files, an image folder read from PNGs):
/// every `Dataset` member reads through it.
public protocol ByteImageBacked: Dataset {
    /// The images (0…255) and labels, in sample order.
    var bytes: ByteImageDataset { get }
}

extension ByteImageBacked {
    public var count: Int { bytes.count }
    public var imageSize: ImageSize { bytes.imageSize }
    public var pixelMaximum: Float { bytes.pixelMaximum }
    public func label(at index: Int) -> Int { bytes.label(at: index) }
    public func sample(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        bytes.sample(at: index, into: pixels)
    }
    public func sampleInUnitRange(at index: Int, into pixels: UnsafeMutablePointer<Float>) -> Int {
        bytes.sampleInUnitRange(at: index, into: pixels)
    }
    public func prefetch(_ index: Int) { bytes.prefetch(index) }
    public var supportsConcurrentReads: Bool { bytes.supportsConcurrentReads }
}
