// Reductions: sum, mean, max, argmax, each along all elements or one axis.

extension Tensor {
    /// Σ p[0..<n] with eight partial sums, so the loop vectorises (the order
    /// of additions differs from a plain loop by rounding only).
    static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = (Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0))
        var i = 0
        while i + 8 <= n {
            lanes.0 += p[i]; lanes.1 += p[i + 1]; lanes.2 += p[i + 2]; lanes.3 += p[i + 3]
            lanes.4 += p[i + 4]; lanes.5 += p[i + 5]; lanes.6 += p[i + 6]; lanes.7 += p[i + 7]
            i += 8
        }
        var tail: Float = 0
        while i < n { tail += p[i]; i += 1 }
        return ((lanes.0 + lanes.4) + (lanes.1 + lanes.5)) + ((lanes.2 + lanes.6) + (lanes.3 + lanes.7)) + tail
    }

    /// The sizes before, along and after `dim`, so that the tensor reads as [outer, n, inner].
    func split(at dim: Int) -> (outer: Int, n: Int, inner: Int) {
        let d = normalize(dim: dim)
        return (shape[..<d].reduce(1, *), shape[d], shape[(d + 1)...].reduce(1, *))
    }

    func reducedShape(_ dim: Int, keepDim: Bool) -> [Int] {
        var s = shape
        if keepDim { s[normalize(dim: dim)] = 1 } else { s.remove(at: normalize(dim: dim)) }
        return s
    }

    /// The sum of all elements, as a 0-D tensor.
    public func sum() -> Tensor {
        return Tensor(scalar: Tensor.sum(storage.pointer, count)).recorded("SumBackward0", [self]) { g in
            [Tensor.full(self.shape, g.item())]
        }
    }

    /// The sum along `dim` (`x.sum(dim=d, keepdim=...)`).
    public func sum(dim: Int, keepDim: Bool = false) -> Tensor {
        let (outer, n, inner) = split(at: dim)
        let src = storage.pointer
        let out = Tensor.zeros(reducedShape(dim, keepDim: keepDim))
        let dst = out.storage.pointer
        for o in 0..<outer {
            for k in 0..<n {
                let base = (o * n + k) * inner
                for i in 0..<inner { dst[o * inner + i] += src[base + i] }
            }
        }
        let shape = self.shape
        return out.recorded("SumBackward1", [self]) { g in
            let gp = g.storage.pointer
            return [Tensor(shape: shape) { grad in
                for o in 0..<outer { for k in 0..<n { for i in 0..<inner {
                    grad[(o * n + k) * inner + i] = gp[o * inner + i]
                } } }
            }]
        }
    }

    /// The mean of all elements, as a 0-D tensor.
    public func mean() -> Tensor { sum() * (1 / Float(Swift.max(count, 1))) }

    /// The mean along `dim`.
    public func mean(dim: Int, keepDim: Bool = false) -> Tensor {
        sum(dim: dim, keepDim: keepDim) * (1 / Float(size(dim)))
    }

    /// The variance of all elements with Bessel's `correction` (1, as `torch.var`, by default).
    public func variance(correction: Int = 1) -> Tensor {
        let centered = self - mean()
        return centered.square().sum() * (1 / Float(Swift.max(count - correction, 1)))
    }

    /// The largest element, as a 0-D tensor (the gradient goes to its first occurrence).
    public func max() -> Tensor {
        let flat = reshape([count]).max(dim: 0)
        return flat.values
    }

    /// The smallest element, as a 0-D tensor.
    public func min() -> Tensor { -(-self).max() }

    /// The maximum along `dim` and where it is (`torch.max(x, dim)`).
    public func max(dim: Int, keepDim: Bool = false) -> (values: Tensor, indices: [Int]) {
        let (outer, n, inner) = split(at: dim)
        checkUsage(n > 0, "max(dim:)", "dimension \(dim) of shape \(shape) is empty", valid: "a dimension with at least one element")
        let src = storage.pointer
        var indices = Array(repeating: 0, count: outer * inner)
        let values = Tensor(shape: reducedShape(dim, keepDim: keepDim)) { out in
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = src[o * n * inner + i], at = 0
                    for k in 1..<Swift.max(n, 1) where src[(o * n + k) * inner + i] > best {
                        best = src[(o * n + k) * inner + i]; at = k
                    }
                    out[o * inner + i] = best
                    indices[o * inner + i] = at
                }
            }
        }
        let shape = self.shape
        let result = values.recorded("MaxBackward0", [self]) { g in
            let gp = g.storage.pointer
            let grad = Tensor.zeros(shape)
            for o in 0..<outer { for i in 0..<inner {
                grad.storage.pointer[(o * n + indices[o * inner + i]) * inner + i] = gp[o * inner + i]
            } }
            return [grad]
        }
        return (result, indices)
    }

    /// The index of the maximum along `dim` (`argmax`), as integers.
    public func argmax(dim: Int) -> [Int] { noGrad { max(dim: dim).indices } }
}
