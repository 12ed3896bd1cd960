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

/// Calls `body(aOffset, bOffset, outOffset, length, aStep, bStep)` for every
/// innermost row of an `outShape` iteration, where `a` and `b` are read with
/// the given strides. The body runs the contiguous inner loop.
@inline(__always)
func forEachRow(_ outShape: [Int], _ aStrides: [Int], _ bStrides: [Int],
                _ body: (Int, Int, Int, Int, Int, Int) -> Void) {
    let rank = outShape.count
    guard rank > 0 else { body(0, 0, 0, 1, 0, 0); return }
    let inner = outShape[rank - 1]
    let rows = outShape.dropLast().reduce(1, *)
    guard inner > 0 && rows > 0 else { return }
    var index = Array(repeating: 0, count: rank - 1)
    var aOff = 0, bOff = 0
    for row in 0..<rows {
        body(aOff, bOff, row * inner, inner, aStrides[rank - 1], bStrides[rank - 1])
        // Odometer increment of the outer index.
        var d = rank - 2
        while d >= 0 {
            index[d] += 1
            aOff += aStrides[d]
            bOff += bStrides[d]
            if index[d] < outShape[d] { break }
            aOff -= aStrides[d] * outShape[d]
            bOff -= bStrides[d] * outShape[d]
            index[d] = 0
            d -= 1
        }
    }
}

extension Tensor {
    /// Sums a broadcast gradient back down to `shape` (the reverse of broadcasting).
    public func sum(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let out = Tensor.zeros(target)
        let tStrides = broadcastStrides(target, to: shape)
        let own = broadcastStrides(shape, to: shape)
        let src = storage.pointer, dst = out.storage.pointer
        forEachRow(shape, own, tStrides) { sOff, tOff, _, n, _, tStep in
            if tStep == 0 {
                var acc: Float = 0
                for i in 0..<n { acc += src[sOff + i] }
                dst[tOff] += acc
            } else {
                for i in 0..<n { dst[tOff + i] += src[sOff + i] }
            }
        }
        return out
    }
}
