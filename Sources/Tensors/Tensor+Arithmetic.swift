// Element-wise binary ops with broadcasting, each with its backward beside it.

extension Tensor {
    /// Applies `op` element-wise over the broadcast shapes of `a` and `b`.
    @inline(__always)
    static func zipWith(_ a: Tensor, _ b: Tensor, _ op: (Float, Float) -> Float) -> Tensor {
        let pa = a.storage.pointer, pb = b.storage.pointer
        if a.shape == b.shape {
            return Tensor(shape: a.shape) { out in
                for i in 0..<out.count { out[i] = op(pa[i], pb[i]) }
            }
        }
        if b.count == 1 && b.rank <= a.rank {
            let s = pb[0]
            return Tensor(shape: a.shape) { out in
                for i in 0..<out.count { out[i] = op(pa[i], s) }
            }
        }
        if a.count == 1 && a.rank <= b.rank {
            let s = pa[0]
            return Tensor(shape: b.shape) { out in
                for i in 0..<out.count { out[i] = op(s, pb[i]) }
            }
        }
        let shape = broadcastShape(a.shape, b.shape)
        let sa = broadcastStrides(a.shape, to: shape), sb = broadcastStrides(b.shape, to: shape)
        return Tensor(shape: shape) { out in
            let po = out.baseAddress!
            forEachRow(shape, sa, sb) { aOff, bOff, oOff, n, aStep, bStep in
                for i in 0..<n { po[oOff + i] = op(pa[aOff + i * aStep], pb[bOff + i * bStep]) }
            }
        }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        zipWith(a, b, +).recorded("AddBackward0", [a, b]) { g in
            [g.sum(toShape: a.shape), g.sum(toShape: b.shape)]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        zipWith(a, b, -).recorded("SubBackward0", [a, b]) { g in
            [g.sum(toShape: a.shape), b.requiresGrad ? (-g).sum(toShape: b.shape) : nil]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        zipWith(a, b, *).recorded("MulBackward0", [a, b]) { g in
            [a.requiresGrad ? zipWith(g, b, *).sum(toShape: a.shape) : nil,
             b.requiresGrad ? zipWith(g, a, *).sum(toShape: b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        zipWith(a, b, /).recorded("DivBackward0", [a, b]) { g in
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
        zipWith(a, b) { Swift.max($0, $1) }.recorded("MaximumBackward0", [a, b]) { g in
            let maskA = zipWith(a, b) { $0 >= $1 ? 1 : 0 }
            return [a.requiresGrad ? zipWith(g, maskA, *).sum(toShape: a.shape) : nil,
                    b.requiresGrad ? zipWith(g, maskA) { gg, m in gg * (1 - m) }.sum(toShape: b.shape) : nil]
        }
    }
}
