import Foundation

/// A Float32 tensor with PyTorch's semantics: a shape, contiguous row-major
/// storage, and an optional place in an autograd graph.
///
/// `Tensor` is a class, like `torch.Tensor`: assigning it shares it, `grad` is
/// accumulated into the same object, and optimizers update it in place.
public final class Tensor {
    public let shape: [Int]
    /// The elements, row-major. Framework kernels only (`package`): read a tensor
    /// through `scalars` or `withUnsafeBufferPointer`.
    package let storage: TensorStorage

    /// Whether operations on this tensor are recorded for `backward()`.
    /// Only leaves (tensors made by you, not by an op) may change it.
    public var requiresGrad: Bool {
        didSet {
            checkUsage(gradFn == nil || requiresGrad, "requiresGrad",
                       "can only be changed on leaf tensors; this one was made by \(gradFn?.name ?? "an op")",
                       valid: "x.detach() for a tensor outside the graph")
        }
    }
    /// The accumulated gradient of a leaf (or of a tensor that called `retainGrad()`).
    public var grad: Tensor?
    /// The node that made this tensor, `nil` for leaves.
    public internal(set) var gradFn: GradNode?
    var retainsGrad = false
    var hooks: [(Tensor) -> Void] = []

    init(storage: TensorStorage, shape: [Int], requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(shape.reduce(1, *) == storage.count,
                     "shape \(shape) does not fit \(storage.count) elements")
        self.storage = storage
        self.shape = shape
        self.requiresGrad = requiresGrad
    }

    /// A tensor of the given shape whose elements are `scalars`, row-major.
    public convenience init(_ scalars: [Float], shape: [Int], requiresGrad: Bool = false) {
        Tensor.checkShape(shape, "Tensor(_:shape:)")
        checkUsage(shape.reduce(1, *) == scalars.count, "Tensor(_:shape:)",
                   "\(scalars.count) values cannot fill shape \(shape) (\(shape.reduce(1, *)) elements)",
                   valid: "exactly as many values as the shape has elements")
        let storage = TensorStorage(uninitializedCount: scalars.count)
        scalars.withUnsafeBufferPointer {
            if let base = $0.baseAddress { storage.pointer.update(from: base, count: scalars.count) }
        }
        self.init(storage: storage, shape: shape, requiresGrad: requiresGrad)
    }

    /// A 1-D tensor of `scalars`.
    public convenience init(_ scalars: [Float], requiresGrad: Bool = false) {
        self.init(scalars, shape: [scalars.count], requiresGrad: requiresGrad)
    }

    /// A 2-D tensor from rows of equal length.
    public convenience init(rows: [[Float]], requiresGrad: Bool = false) {
        let width = rows.first?.count ?? 0
        checkUsage(rows.allSatisfy { $0.count == width }, "Tensor(rows:)",
                   "rows differ in length: \(Array(Set(rows.map(\.count))).sorted())", valid: "rows of equal length")
        self.init(rows.flatMap { $0 }, shape: [rows.count, width], requiresGrad: requiresGrad)
    }

    /// A 0-D tensor holding one number.
    public convenience init(scalar: Float, requiresGrad: Bool = false) {
        self.init([scalar], shape: [], requiresGrad: requiresGrad)
    }

    /// A tensor of `shape` filled by `body`, which receives the uninitialised buffer.
    public convenience init(shape: [Int], filling body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        Tensor.checkShape(shape, "Tensor(shape:)")
        let storage = TensorStorage(uninitializedCount: shape.reduce(1, *))
        body(storage.buffer)
        self.init(storage: storage, shape: shape)
    }

    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 0, requiresGrad: requiresGrad)
    }

    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 1, requiresGrad: requiresGrad)
    }

    public static func full(_ shape: [Int], _ value: Float, requiresGrad: Bool = false) -> Tensor {
        checkShape(shape, "full")
        return Tensor(storage: TensorStorage(repeating: value, count: shape.reduce(1, *)), shape: shape,
               requiresGrad: requiresGrad)
    }

    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape) }

    /// `[start, start + step, ...)` below `end`, like `torch.arange`.
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) -> Tensor {
        checkUsage(step != 0 && step.isFinite && start.isFinite && end.isFinite, "arange",
                   "start \(start), end \(end), step \(step)", valid: "finite numbers and a step ≠ 0")
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<n).map { start + Float($0) * step })
    }

    /// `count` evenly spaced values from `start` to `end` inclusive, like `torch.linspace`.
    public static func linspace(_ start: Float, _ end: Float, count: Int) -> Tensor {
        checkUsage(count >= 0, "linspace", "count \(count)", valid: "count ≥ 0")
        guard count > 1 else { return Tensor(count == 1 ? [start] : []) }
        let step = (end - start) / Float(count - 1)
        return Tensor((0..<count).map { start + Float($0) * step })
    }

    // MARK: Shape

    /// Stops with a message for a shape with a negative size or more elements than memory could hold.
    static func checkShape(_ shape: [Int], _ operation: @autoclosure () -> String) {
        checkUsage(shape.allSatisfy { $0 >= 0 }, operation(), "negative size in shape \(shape)",
                   valid: "sizes ≥ 0")
        var elements = 1
        for size in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: size)
            checkUsage(!overflow && product <= maxElements, operation(),
                       "shape \(shape) has more elements than fit in memory (\(maxElements) at most, \(maxElements / (1 << 28)) GB)",
                       valid: "a smaller shape")
            elements = product
        }
    }

    /// The largest tensor the framework allocates: as many floats as this machine
    /// has memory. A bigger request can only end in an abort inside the allocator.
    static let maxElements = Swift.max(Int(clamping: ProcessInfo.processInfo.physicalMemory / 4), 1 << 20)

    /// The number of elements (`numel()` in PyTorch).
    public var count: Int { storage.count }
    public var rank: Int { shape.count }

    /// The size of dimension `dim`; negative values count from the end.
    public func size(_ dim: Int) -> Int { shape[normalize(dim: dim)] }

    func normalize(dim: Int) -> Int {
        let d = dim < 0 ? dim + rank : dim
        checkUsage(d >= 0 && d < Swift.max(rank, 1), "dim", "dimension \(dim) is out of range for shape \(shape)",
                   valid: "a dimension in \(-Swift.max(rank, 1))...\(Swift.max(rank, 1) - 1)")
        return d
    }

    /// Whether this tensor is a leaf of the graph (made by you, not by an op).
    public var isLeaf: Bool { gradFn == nil }

    // MARK: Values

    /// All elements, row-major.
    public var scalars: [Float] { Array(storage.buffer) }

    /// The value of a one-element tensor.
    public func item() -> Float {
        checkUsage(count == 1, "item()", "the tensor has shape \(shape), \(count) elements",
                   valid: "a tensor with one element (reduce it first, e.g. .sum() or .mean())")
        return storage.pointer[0]
    }

    /// The element at a full index, e.g. `t[1, 2]`.
    public subscript(index: Int...) -> Float {
        get { storage.pointer[offset(of: index)] }
        set { storage.pointer[offset(of: index)] = newValue }
    }

    func offset(of index: [Int]) -> Int {
        checkUsage(index.count == rank, "subscript", "index \(index) has \(index.count) numbers for a tensor \(shape)",
                   valid: "\(rank) indices, one per dimension")
        var offset = 0
        for (i, n) in zip(index, shape) {
            checkUsage(i >= 0 && i < n, "subscript", "index \(index) is out of range for shape \(shape)",
                       valid: "each index in 0..<size: \(shape.map { "0..<\($0)" }.joined(separator: ", "))")
            offset = offset * n + i
        }
        return offset
    }

    /// Read-only access to the elements without copying.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(storage.buffer))
    }

    /// In-place access to the elements, outside autograd (as `with torch.no_grad(): p.add_(...)`).
    public func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(storage.buffer)
    }

    /// A copy with its own storage, outside the graph.
    public func clone() -> Tensor {
        let copy = Tensor(storage: TensorStorage(uninitializedCount: count), shape: shape)
        copy.storage.pointer.update(from: storage.pointer, count: count)
        return copy
    }

    /// The same storage, cut from the graph (`detach()`).
    public func detach() -> Tensor { Tensor(storage: storage, shape: shape) }

    /// Overwrites the elements with those of `other` (same count), in place.
    public func copy(from other: Tensor) {
        checkUsage(other.count == count, "copy(from:)", "cannot copy \(other.shape) (\(other.count) elements) into \(shape) (\(count))",
                   valid: "a tensor with \(count) elements")
        storage.pointer.update(from: other.storage.pointer, count: count)
    }

    /// Sets every element to `value`, in place.
    public func fill(_ value: Float) {
        storage.pointer.update(repeating: value, count: count)
    }
}
