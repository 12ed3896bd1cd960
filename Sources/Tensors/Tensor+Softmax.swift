import Foundation

// Softmax, log-softmax and the fused cross-entropy, all numerically stable:
// the row maximum is subtracted before exponentiating.

extension Tensor {
    /// softmax along `dim`: exp(xᵢ) / Σⱼ exp(xⱼ).
    /// Backward: dx = y ⊙ (g − Σ g ⊙ y).
    public func softmax(dim: Int = -1) -> Tensor {
        let (outer, n, inner) = split(at: dim)
        let src = storage.pointer
        let y = Tensor(shape: shape) { out in
            for o in 0..<outer { for i in 0..<inner {
                let start = o * n * inner + i
                let total = Tensor.exponentiateRow(src + start, count: n, stride: inner, into: out.baseAddress! + start).sum
                for k in 0..<n { out[start + k * inner] /= total }
            } }
        }
        let ys = y.storage  // not the tensor: see `saved`
        return y.recorded("SoftmaxBackward0", [self]) { g in
            let gp = g.storage.pointer, yp = ys.pointer
            return [Tensor(shape: self.shape) { dx in
                for o in 0..<outer { for i in 0..<inner {
                    var dot: Float = 0
                    for k in 0..<n { let j = (o * n + k) * inner + i; dot += gp[j] * yp[j] }
                    for k in 0..<n { let j = (o * n + k) * inner + i; dx[j] = yp[j] * (gp[j] - dot) }
                } }
            }]
        }
    }

    /// log-softmax along `dim`: xᵢ − log Σⱼ exp(xⱼ), computed as (xᵢ − m) − log Σⱼ exp(xⱼ − m)
    /// with m the row maximum.
    /// Backward: dx = g − softmax(x) · Σ g.
    public func logSoftmax(dim: Int = -1) -> Tensor {
        let (outer, n, inner) = split(at: dim)
        let src = storage.pointer
        let y = Tensor(shape: shape) { out in
            for o in 0..<outer { for i in 0..<inner {
                let start = o * n * inner + i
                let (m, total) = Tensor.exponentiateRow(src + start, count: n, stride: inner, into: nil)
                // (x − m) − log Σ, as PyTorch: x − m is exact near the maximum, while
                // x − (m + log Σ) rounds m + log Σ at the logits' magnitude first.
                let logTotal = Foundation.logf(total)
                for k in 0..<n { out[start + k * inner] = (src[start + k * inner] - m) - logTotal }
            } }
        }
        let ys = y.storage
        return y.recorded("LogSoftmaxBackward0", [self]) { g in
            let gp = g.storage.pointer, yp = ys.pointer
            return [Tensor(shape: self.shape) { dx in
                for o in 0..<outer { for i in 0..<inner {
                    var total: Float = 0
                    for k in 0..<n { total += gp[(o * n + k) * inner + i] }
                    for k in 0..<n {
                        let j = (o * n + k) * inner + i
                        dx[j] = gp[j] - Foundation.expf(yp[j]) * total
                    }
                } }
            }]
        }
    }
}

extension Tensor {
    /// The shared core of softmax, log-softmax and cross-entropy for one row of
    /// `count` values `x[0], x[stride], …`: m = max x and Σ exp(x − m), the
    /// stable log-sum-exp being m + log Σ. With `into`, exp(x − m) is written
    /// there at the same stride.
    @inline(__always)
    static func exponentiateRow(_ x: UnsafePointer<Float>, count: Int, stride: Int,
                                into out: UnsafeMutablePointer<Float>?) -> (max: Float, sum: Float) {
        var m = -Float.infinity
        for k in 0..<count { m = Swift.max(m, x[k * stride]) }
        var total: Float = 0
        for k in 0..<count {
            let e = Foundation.expf(x[k * stride] - m)
            out?[k * stride] = e
            total += e
        }
        return (m, total)
    }
}

/// How a loss combines per-example values, as PyTorch's `reduction=`.
public enum Reduction: String, Sendable {
    case mean, sum, none
}

extension Tensor {
    /// Cross-entropy of `logits` [B, C] against integer class `targets` (B of
    /// them), fused with log-softmax like `F.cross_entropy`:
    /// ℓᵢ = log Σⱼ exp(zᵢⱼ) − zᵢ,yᵢ, optionally with label smoothing ε, where the
    /// target is (1 − ε)·onehot + ε/C. Backward: (softmax(z) − target) / B.
    public static func crossEntropy(_ logits: Tensor, _ targets: [Int], reduction: Reduction = .mean,
                                    labelSmoothing: Float = 0) -> Tensor {
        checkUsage(logits.rank == 2, "crossEntropy", "logits have shape \(logits.shape), not [batch, classes]",
                   valid: "logits [B, C] (flatten the rest first: x.flatten(startDim: 1))")
        let (batch, classes) = (logits.shape[0], logits.shape[1])
        checkUsage(targets.count == batch, "crossEntropy",
                   "\(targets.count) targets for logits \(logits.shape) (a batch of \(batch))",
                   valid: "one target class per row of the logits: \(batch)",
                   russian: ("\(targets.count) меток для логитов \(logits.shape) (батч из \(batch))",
                             "по одной метке класса на строку логитов: \(batch)"))
        checkUsage(labelSmoothing >= 0 && labelSmoothing <= 1, "crossEntropy",
                   "labelSmoothing \(labelSmoothing) is outside [0, 1]", valid: "0 ≤ labelSmoothing ≤ 1, e.g. 0.1")
        if let bad = targets.first(where: { $0 < 0 || $0 >= classes }) {
            // The largest label says how many outputs the last layer needs, not just the first bad one.
            let largest = targets.max() ?? bad
            let scored = "for logits \(logits.shape), which score \(classes) class\(classes == 1 ? "" : "es") (0..<\(classes))"
            if bad < 0 {
                usageFailure("crossEntropy", "target class \(bad) \(scored)", valid: "targets in 0..<\(classes)")
            }
            usageFailure("crossEntropy", "target class \(bad) \(scored); the largest target is \(largest)",
                         valid: "targets in 0..<\(classes); for labels up to \(largest) the last layer needs "
                         + "\(largest + 1) outputs (e.g. Linear(…, \(largest + 1)))",
                         russian: ("метка класса \(bad) для логитов \(logits.shape), где оценено \(classes) "
                                   + "классов (0..<\(classes)); наибольшая метка \(largest)",
                                   "метки в 0..<\(classes); для меток до \(largest) последнему слою нужно "
                                   + "\(largest + 1) выходов (например, Linear(…, \(largest + 1)))"))
        }
        let z = logits.storage.pointer
        let eps = labelSmoothing
        // Softmax is kept for the backward pass; per-example losses for the forward.
        let probabilities = TensorStorage(uninitializedCount: logits.count)
        let p = probabilities.pointer
        var losses = [Float](repeating: 0, count: batch)
        for r in 0..<batch {
            let row = z + r * classes, prow = p + r * classes
            let target = targets[r]
            let (m, total) = exponentiateRow(row, count: classes, stride: 1, into: prow)
            // log p_c = (z_c − m) − log Σ, as PyTorch's log_softmax (see `logSoftmax`).
            let logTotal = Foundation.logf(total)
            let inv = 1 / total
            var logPSum: Float = 0
            for c in 0..<classes { prow[c] *= inv; logPSum += (row[c] - m) - logTotal }
            // −Σ_c q_c log p_c with q = (1−ε)·onehot + ε/C.
            let nll = -((row[target] - m) - logTotal)
            losses[r] = eps == 0 ? nll : (1 - eps) * nll - eps * logPSum / Float(classes)
        }
        let out: Tensor
        let scale: Float
        switch reduction {
        case .mean: out = Tensor(scalar: losses.reduce(0, +) / Float(Swift.max(batch, 1))); scale = 1 / Float(Swift.max(batch, 1))
        case .sum: out = Tensor(scalar: losses.reduce(0, +)); scale = 1
        case .none: out = Tensor(losses, shape: [batch]); scale = 1
        }
        return out.recorded("NllLossBackward0", [logits]) { g in
            let p = probabilities.pointer  // keeps the softmax alive until the backward pass
            let gp = g.storage.pointer
            return [Tensor(shape: logits.shape) { dz in
                for r in 0..<batch {
                    let s = scale * (reduction == .none ? gp[r] : gp[0])
                    for c in 0..<classes {
                        let q = (c == targets[r] ? 1 - eps : 0) + eps / Float(classes)
                        dz[r * classes + c] = s * (p[r * classes + c] - q)
                    }
                }
            }]
        }
    }

    /// Mean squared error `mean((input − target)²)`, as `F.mse_loss`.
    public static func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
        let squared = (input - target).square()
        switch reduction {
        case .mean: return squared.mean()
        case .sum: return squared.sum()
        case .none: return squared
        }
    }
}
