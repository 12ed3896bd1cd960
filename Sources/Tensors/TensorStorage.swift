import Foundation

/// A reference-counted, contiguous buffer of `Float`s.
///
/// Tensors that are views of each other (`reshape`, `view`, `detach`) share one
/// storage, so an in-place update through one is seen through all, as in PyTorch.
///
/// The raw pointer is for the framework's own kernels (`package` access): code
/// outside the package reads and writes a tensor through `scalars`,
/// `withUnsafeBufferPointer` and `withUnsafeMutableBufferPointer`.
public final class TensorStorage {
    public let count: Int
    package let pointer: UnsafeMutablePointer<Float>

    /// Uninitialised storage; every caller writes all of it before reading.
    package init(uninitializedCount count: Int) {
        self.count = count
        pointer = BufferPool.shared.take(count)
    }

    convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        pointer.update(repeating: value, count: count)
    }

    deinit { BufferPool.shared.give(pointer, count) }

    var buffer: UnsafeMutableBufferPointer<Float> { .init(start: pointer, count: count) }
}

/// Recycles freed buffers by exact size. A training loop allocates the same
/// shapes every step; reusing their memory skips the allocator and, above all,
/// the page faults of fresh memory (40 ms per 10M floats here), like the
/// caching allocators of PyTorch and friends.
final class BufferPool {
    static let shared = BufferPool()
    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var pooledFloats = 0
    private let limitFloats = 64 << 20  // 256 MB
    private let lock = NSLock()

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        lock.lock()
        if let p = free[count]?.popLast() {
            pooledFloats -= count
            lock.unlock()
            return p
        }
        lock.unlock()
        return .allocate(capacity: Swift.max(count, 1))
    }

    func give(_ pointer: UnsafeMutablePointer<Float>, _ count: Int) {
        lock.lock()
        defer { lock.unlock() }
        if count >= 256 && pooledFloats + count <= limitFloats {
            free[count, default: []].append(pointer)
            pooledFloats += count
        } else {
            pointer.deallocate()
        }
    }
}
