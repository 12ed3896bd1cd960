import Foundation

// Element-wise ops: broadcasting binary arithmetic and unary functions, each
// with its backward beside it. They share one file on purpose: in the debug
// build every file is compiled on its own, and only helpers in the same file
// (`map`, `zipWith`, `forEachRow`) are inlined into the ops, which keeps the
// per-element closures out of the loops (10x in `swift run`).

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

extension Tensor {
    /// Applies `op` element-wise over the broadcast shapes of `a` and `b`.
    /// The loops live here, not in a closure handed to another file, so that
    /// `op` is inlined even in the debug build (files compile one by one there).
    @inline(__always)
    static func zipWith(_ a: Tensor, _ b: Tensor, operation: String = "broadcast",
                        _ op: (Float, Float) -> Float) -> Tensor {
        let pa = a.storage.pointer, pb = b.storage.pointer
        let shape = a.shape == b.shape ? a.shape : broadcastShape(a.shape, b.shape, operation: operation)
        let out = TensorStorage(uninitializedCount: shape.reduce(1, *))
        let po = out.pointer
        if a.shape == b.shape {
            for i in 0..<out.count { po[i] = op(pa[i], pb[i]) }
        } else if b.count == 1 && b.rank <= a.rank {
            let s = pb[0]
            for i in 0..<out.count { po[i] = op(pa[i], s) }
        } else if a.count == 1 && a.rank <= b.rank {
            let s = pa[0]
            for i in 0..<out.count { po[i] = op(s, pb[i]) }
        } else {
            let sa = broadcastStrides(a.shape, to: shape), sb = broadcastStrides(b.shape, to: shape)
            forEachRow(shape, sa, sb) { aOff, bOff, oOff, n, aStep, bStep in
                if aStep == 1 && bStep == 0 {
                    let s = pb[bOff]
                    for i in 0..<n { po[oOff + i] = op(pa[aOff + i], s) }
                } else if aStep == 0 && bStep == 1 {
                    let s = pa[aOff]
                    for i in 0..<n { po[oOff + i] = op(s, pb[bOff + i]) }
                } else {
                    for i in 0..<n { po[oOff + i] = op(pa[aOff + i * aStep], pb[bOff + i * bStep]) }
                }
            }
        }
        return Tensor(storage: out, shape: shape)
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        zipWith(a, b, operation: "a + b", +).recorded("AddBackward0", [a, b]) { g in
            [g.sum(toShape: a.shape), g.sum(toShape: b.shape)]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        zipWith(a, b, operation: "a - b", -).recorded("SubBackward0", [a, b]) { g in
            [g.sum(toShape: a.shape), b.requiresGrad ? (-g).sum(toShape: b.shape) : nil]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        zipWith(a, b, operation: "a * b", *).recorded("MulBackward0", [a, b]) { g in
            [a.requiresGrad ? zipWith(g, b, *).sum(toShape: a.shape) : nil,
             b.requiresGrad ? zipWith(g, a, *).sum(toShape: b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        zipWith(a, b, operation: "a / b", /).recorded("DivBackward0", [a, b]) { g in
            [a.requiresGrad ? zipWith(g, b, /).sum(toShape: a.shape) : nil,
             b.requiresGrad ? zipWith(zipWith(g, a, *), b, { ga, bb in -ga / (bb * bb) }).sum(toShape: b.shape) : nil]
        }
    }

    public static prefix func - (a: Tensor) -> Tensor {
        a.map { -$0 }.recorded("NegBackward0", [a]) { g in [g.map { -$0 }] }
    }

    public static func + (a: Tensor, s: Float) -> Tensor {
        a.map { $0 + s }.recorded("AddBackward0", [a]) { g in [g] }
    }
    public static func + (s: Float, a: Tensor) -> Tensor { a + s }
    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }
    public static func - (s: Float, a: Tensor) -> Tensor {
        a.map { s - $0 }.recorded("RsubBackward0", [a]) { g in [g.map { -$0 }] }
    }
    public static func * (a: Tensor, s: Float) -> Tensor {
        a.map { $0 * s }.recorded("MulBackward0", [a]) { g in [g.map { $0 * s }] }
    }
    public static func * (s: Float, a: Tensor) -> Tensor { a * s }
    public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }
    public static func / (s: Float, a: Tensor) -> Tensor {
        a.map { s / $0 }.recorded("DivBackward0", [a]) { g in [zipWith(g, a) { gg, x in -gg * s / (x * x) }] }
    }

    /// Element-wise maximum of two tensors (`torch.maximum`); the gradient goes to the larger.
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
        zipWith(a, b, operation: "maximum") { Swift.max($0, $1) }.recorded("MaximumBackward0", [a, b]) { g in
            let maskA = zipWith(a, b) { $0 >= $1 ? 1 : 0 }
            return [a.requiresGrad ? zipWith(g, maskA, *).sum(toShape: a.shape) : nil,
                    b.requiresGrad ? zipWith(g, maskA) { gg, m in gg * (1 - m) }.sum(toShape: b.shape) : nil]
        }
    }
}

extension Tensor {
    /// A new tensor with `transform` applied to every element (no autograd).
    /// From lesson code (compiled without optimisation) prefer the ops below:
    /// a closure written there runs unoptimised once per element.
    @inline(__always)
    public func map(_ transform: (Float) -> Float) -> Tensor {
        let src = storage.pointer
        let out = TensorStorage(uninitializedCount: count)
        let dst = out.pointer
        for i in 0..<count { dst[i] = transform(src[i]) }
        return Tensor(storage: out, shape: shape)
    }

    /// ReLU: max(0, x). Its derivative is the indicator 𝕀[x > 0].
    /// As in PyTorch, NaN passes through (a diverged network stays visibly
    /// diverged), and the fused `Tensor.linear(…, relu: true)` behaves the same.
    public func relu() -> Tensor {
        map { $0 < 0 ? 0 : $0 }.recorded("ReluBackward0", [self]) { g in
            [Tensor.zipWith(g, self) { gg, x in x > 0 ? gg : 0 }]
        }
    }

    /// tanh(x), with derivative 1 − tanh²(x).
    public func tanh() -> Tensor {
        let y = map { Foundation.tanhf($0) }, saved = y.saved
        return y.recorded("TanhBackward0", [self]) { g in [Tensor.zipWith(g, saved()) { gg, t in gg * (1 - t * t) }] }
    }

    /// The logistic sigmoid 1 / (1 + e^−x), with derivative σ(1 − σ).
    public func sigmoid() -> Tensor {
        let y = map { 1 / (1 + Foundation.expf(-$0)) }, saved = y.saved
        return y.recorded("SigmoidBackward0", [self]) { g in [Tensor.zipWith(g, saved()) { gg, s in gg * s * (1 - s) }] }
    }

    public func exp() -> Tensor {
        let y = map { Foundation.expf($0) }, saved = y.saved
        return y.recorded("ExpBackward0", [self]) { g in [Tensor.zipWith(g, saved(), *)] }
    }

    /// Natural logarithm, with derivative 1/x.
    public func log() -> Tensor {
        map { Foundation.logf($0) }.recorded("LogBackward0", [self]) { g in [Tensor.zipWith(g, self, /)] }
    }

    public func sin() -> Tensor {
        map { Foundation.sinf($0) }.recorded("SinBackward0", [self]) { g in
            [Tensor.zipWith(g, self) { gg, x in gg * Foundation.cosf(x) }]
        }
    }

    public func cos() -> Tensor {
        map { Foundation.cosf($0) }.recorded("CosBackward0", [self]) { g in
            [Tensor.zipWith(g, self) { gg, x in -gg * Foundation.sinf(x) }]
        }
    }

    public func sqrt() -> Tensor {
        let y = map { $0.squareRoot() }, saved = y.saved
        return y.recorded("SqrtBackward0", [self]) { g in [Tensor.zipWith(g, saved()) { gg, r in gg / (2 * r) }] }
    }

    public func abs() -> Tensor {
        map { Swift.abs($0) }.recorded("AbsBackward0", [self]) { g in
            [Tensor.zipWith(g, self) { gg, x in x > 0 ? gg : (x < 0 ? -gg : 0) }]
        }
    }

    /// xᵖ element-wise, with derivative p·xᵖ⁻¹.
    public func pow(_ p: Float) -> Tensor {
        if p == 2 { return square() }
        return map { Foundation.powf($0, p) }.recorded("PowBackward0", [self]) { g in
            [Tensor.zipWith(g, self) { gg, x in gg * p * Foundation.powf(x, p - 1) }]
        }
    }

    /// x² element-wise.
    public func square() -> Tensor {
        map { $0 * $0 }.recorded("PowBackward0", [self]) { g in [Tensor.zipWith(g, self) { gg, x in 2 * gg * x }] }
    }

    /// Clamps to [min, max]; the gradient passes where the input was inside.
    public func clamp(min lo: Float = -.infinity, max hi: Float = .infinity) -> Tensor {
        map { Swift.min(Swift.max($0, lo), hi) }.recorded("ClampBackward1", [self]) { g in
            [Tensor.zipWith(g, self) { gg, x in x >= lo && x <= hi ? gg : 0 }]
        }
    }
}
