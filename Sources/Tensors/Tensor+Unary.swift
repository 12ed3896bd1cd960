import Foundation

// Element-wise functions, each with its derivative beside it.

extension Tensor {
    /// A new tensor with `transform` applied to every element (no autograd).
    @inline(__always)
    public func map(_ transform: (Float) -> Float) -> Tensor {
        let src = storage.pointer
        return Tensor(shape: shape) { out in
            for i in 0..<out.count { out[i] = transform(src[i]) }
        }
    }

    /// ReLU: max(0, x). Its derivative is the indicator 𝕀[x > 0].
    public func relu() -> Tensor {
        map { $0 > 0 ? $0 : 0 }.recorded("ReluBackward0", [self]) { g in
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
