/// A Float32 tensor with PyTorch's semantics: a shape, contiguous row-major
/// storage, and an optional place in an autograd graph.
///
/// `Tensor` is a class, like `torch.Tensor`: assigning it shares it, `grad` is
/// accumulated into the same object, and optimizers update it in place.
public final class Tensor {
    public let shape: [Int]
    public let storage: TensorStorage

    /// Whether operations on this tensor are recorded for `backward()`.
    /// Only leaves (tensors made by you, not by an op) may change it.
    public var requiresGrad: Bool {
        didSet {
            precondition(gradFn == nil || requiresGrad,
                         "requiresGrad can only be changed on leaf tensors (use detach())")
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
        precondition(shape.reduce(1, *) == scalars.count,
                     "\(scalars.count) values cannot fill shape \(shape)")
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
        precondition(rows.allSatisfy { $0.count == width }, "rows differ in length")
        self.init(rows.flatMap { $0 }, shape: [rows.count, width], requiresGrad: requiresGrad)
    }

    /// A 0-D tensor holding one number.
    public convenience init(scalar: Float, requiresGrad: Bool = false) {
        self.init([scalar], shape: [], requiresGrad: requiresGrad)
    }

    /// A tensor of `shape` filled by `body`, which receives the uninitialised buffer.
    public convenience init(shape: [Int], filling body: (UnsafeMutableBufferPointer<Float>) -> Void) {
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
        Tensor(storage: TensorStorage(repeating: value, count: shape.reduce(1, *)), shape: shape,
               requiresGrad: requiresGrad)
    }

    public static func zeros(like other: Tensor) -> Tensor { zeros(other.shape) }

    /// `[start, start + step, ...)` below `end`, like `torch.arange`.
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) -> Tensor {
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor((0..<n).map { start + Float($0) * step })
    }

    /// `count` evenly spaced values from `start` to `end` inclusive, like `torch.linspace`.
    public static func linspace(_ start: Float, _ end: Float, count: Int) -> Tensor {
        guard count > 1 else { return Tensor(count == 1 ? [start] : []) }
        let step = (end - start) / Float(count - 1)
        return Tensor((0..<count).map { start + Float($0) * step })
    }

    // MARK: Shape

    /// The number of elements (`numel()` in PyTorch).
    public var count: Int { storage.count }
    public var rank: Int { shape.count }

    /// The size of dimension `dim`; negative values count from the end.
    public func size(_ dim: Int) -> Int { shape[normalize(dim: dim)] }

    func normalize(dim: Int) -> Int {
        let d = dim < 0 ? dim + rank : dim
        precondition(d >= 0 && d < Swift.max(rank, 1), "dimension \(dim) out of range for shape \(shape)")
        return d
    }

    /// Whether this tensor is a leaf of the graph (made by you, not by an op).
    public var isLeaf: Bool { gradFn == nil }

    // MARK: Values

    /// All elements, row-major.
    public var scalars: [Float] { Array(storage.buffer) }

    /// The value of a one-element tensor.
    public func item() -> Float {
        precondition(count == 1, "item() needs a tensor with one element, got shape \(shape)")
        return storage.pointer[0]
    }

    /// The element at a full index, e.g. `t[1, 2]`.
    public subscript(index: Int...) -> Float {
        get { storage.pointer[offset(of: index)] }
        set { storage.pointer[offset(of: index)] = newValue }
    }

    func offset(of index: [Int]) -> Int {
        precondition(index.count == rank, "index \(index) does not match shape \(shape)")
        var offset = 0
        for (i, n) in zip(index, shape) {
            precondition(i >= 0 && i < n, "index \(index) out of range for shape \(shape)")
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
        precondition(other.count == count, "copy: \(other.shape) into \(shape)")
        storage.pointer.update(from: other.storage.pointer, count: count)
    }

    /// Sets every element to `value`, in place.
    public func fill(_ value: Float) {
        storage.pointer.update(repeating: value, count: count)
    }
}
