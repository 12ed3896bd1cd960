/// PyTorch's broadcasting rule: align shapes on the right; each pair of sizes
/// must be equal, or one of them 1.
public func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = max(a.count, b.count)
    let pa = Array(repeating: 1, count: rank - a.count) + a
    let pb = Array(repeating: 1, count: rank - b.count) + b
    return zip(pa, pb).map { x, y in
        precondition(x == y || x == 1 || y == 1, "shapes \(a) and \(b) cannot be broadcast together")
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
