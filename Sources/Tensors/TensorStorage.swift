/// A reference-counted, contiguous buffer of `Float`s.
///
/// Tensors that are views of each other (`reshape`, `view`, `detach`) share one
/// storage, so an in-place update through one is seen through all, as in PyTorch.
public final class TensorStorage {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    /// Uninitialised storage; every caller writes all of it before reading.
    public init(uninitializedCount count: Int) {
        self.count = count
        pointer = .allocate(capacity: Swift.max(count, 1))
    }

    convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    deinit { pointer.deallocate() }

    var buffer: UnsafeMutableBufferPointer<Float> { .init(start: pointer, count: count) }
}
