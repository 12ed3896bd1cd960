/// PyTorch's broadcasting rule: align shapes on the right; each pair of sizes
/// must be equal, or one of them 1.
/// A mismatch stops the program with a message naming `operation` (see `usageFailure`).
public func broadcastShape(_ a: [Int], _ b: [Int], operation: String = "broadcast") -> [Int] {
    let rank = max(a.count, b.count)
    let pa = Array(repeating: 1, count: rank - a.count) + a
    let pb = Array(repeating: 1, count: rank - b.count) + b
    return zip(pa, pb).enumerated().map { d, sizes in
        let (x, y) = sizes
        checkUsage(x == y || x == 1 || y == 1, operation,
                   "shapes \(a) and \(b) cannot be broadcast together: dimension \(d - rank) is \(x) in one and \(y) in the other",
                   valid: "sizes that are equal or 1 in each dimension, aligned on the right (e.g. [B, \(x)] with [\(x)] or [B, 1])",
                   russian: ("формы \(a) и \(b) не согласуются при broadcasting: измерение \(d - rank) равно \(x) в одной и \(y) в другой",
                             "в каждом измерении размеры равны или один из них 1, выравнивание справа (например, [B, \(x)] и [\(x)] или [B, 1])"))
        return max(x, y)
    }
}

/// Row-major strides of `shape` seen as `outShape`: 0 along broadcast dimensions.
func broadcastStrides(_ shape: [Int], to outShape: [Int]) -> [Int] {
    let padded = Array(repeating: 1, count: outShape.count - shape.count) + shape
    var strides = Array(repeating: 0, count: outShape.count)
    var step = 1
    for d in stride(from: outShape.count - 1, through: 0, by: -1) {
        strides[d] = padded[d] == 1 && outShape[d] != 1 ? 0 : step
        step *= padded[d]
    }
    return strides
}
