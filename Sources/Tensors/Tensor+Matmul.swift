// Matrix products through cblas_sgemm. Backward passes reuse sgemm with
// transpose flags, so no transposed copy is ever made.

extension Tensor {
    /// op(a) · op(b) for 2-D tensors, where op transposes when asked
    /// (`a @ b`, `a.T @ b`, `a @ b.T`).
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul needs 2-D tensors, got \(a.shape) and \(b.shape)")
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        precondition(k == k2, "matmul: inner sizes differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        let out = Tensor(shape: [m, n]) { c in
            BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                       a: a.storage.pointer, b: b.storage.pointer, c: c.baseAddress!)
        }
        return out.recorded("MmBackward0", [a, b]) { g in
            // C = op(A)·op(B): dA = g·op(B)ᵀ (transposed back if A was), dB likewise.
            let ga: Tensor? = a.requiresGrad
                ? (transposeA ? matmul(b, g, transposeA: transposeB, transposeB: true)
                              : matmul(g, b, transposeA: false, transposeB: !transposeB))
                : nil
            let gb: Tensor? = b.requiresGrad
                ? (transposeB ? matmul(g, a, transposeA: true, transposeB: transposeA)
                              : matmul(a, g, transposeA: !transposeA, transposeB: false))
                : nil
            return [ga, gb]
        }
    }

    /// `self @ other` for 2-D tensors.
    public func matmul(_ other: Tensor) -> Tensor { Tensor.matmul(self, other) }

    /// The affine map of `nn.Linear`: y = x·Wᵀ + b, with x [B, in], W [out, in],
    /// b [out]. One sgemm with the bias pre-loaded into the output (PyTorch's
    /// `addmm`); the backward skips dL/dx when x needs no gradient.
    /// With `relu: true` it is ReLU(x·Wᵀ + b) in the same pass over the output
    /// (forward) and one masking pass (backward): the fused Linear → ReLU that
    /// `Sequential` uses.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, relu: Bool = false) -> Tensor {
        precondition(x.rank == 2 && weight.rank == 2 && x.shape[1] == weight.shape[1],
                     "linear: input \(x.shape) does not match weight \(weight.shape) (expects [B, \(weight.shape.count == 2 ? weight.shape[1] : 0)])")
        let (batch, inFeatures, outFeatures) = (x.shape[0], x.shape[1], weight.shape[0])
        if let bias { precondition(bias.shape == [outFeatures], "linear: bias \(bias.shape), expected [\(outFeatures)]") }
        let output = TensorStorage(uninitializedCount: batch * outFeatures)
        let py = output.pointer
        if let bias {
            let pb = bias.storage.pointer
            for r in 0..<batch { (py + r * outFeatures).update(from: pb, count: outFeatures) }
        }
        BLAS.sgemm(transposeA: false, transposeB: true, m: batch, n: outFeatures, k: inFeatures,
                   a: x.storage.pointer, b: weight.storage.pointer, beta: bias == nil ? 0 : 1, c: py)
        if relu {
            for i in 0..<output.count where py[i] < 0 { py[i] = 0 }
        }
        let out = Tensor(storage: output, shape: [batch, outFeatures])
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        let name = relu ? "ReluBackward0" : (bias == nil ? "MmBackward0" : "AddmmBackward0")
        return out.recorded(name, inputs) { g in
            var gp = UnsafePointer(g.storage.pointer)
            var masked: TensorStorage?
            if relu {
                // dL/df = 𝕀[y > 0] ⊙ dL/dy, with y kept as storage (no cycle through gradFn).
                let m = TensorStorage(uninitializedCount: g.count)
                for i in 0..<g.count { m.pointer[i] = output.pointer[i] > 0 ? gp[i] : 0 }
                masked = m
                gp = UnsafePointer(m.pointer)
            }
            let gx: Tensor? = x.requiresGrad ? Tensor(shape: x.shape) { dx in
                BLAS.sgemm(transposeA: false, transposeB: false, m: batch, n: inFeatures, k: outFeatures,
                           a: gp, b: weight.storage.pointer, c: dx.baseAddress!)
            } : nil
            let gw: Tensor? = weight.requiresGrad ? Tensor(shape: weight.shape) { dw in
                BLAS.sgemm(transposeA: true, transposeB: false, m: outFeatures, n: inFeatures, k: batch,
                           a: gp, b: x.storage.pointer, c: dw.baseAddress!)
            } : nil
            var grads = [gx, gw]
            if let bias {
                grads.append(bias.requiresGrad ? columnSums(gp, rows: batch, columns: outFeatures) : nil)
            }
            withExtendedLifetime(masked) {}
            return grads
        }
    }

    /// Σ over rows of a [rows, columns] buffer: the bias gradient.
    static func columnSums(_ p: UnsafePointer<Float>, rows: Int, columns: Int) -> Tensor {
        Tensor(shape: [columns]) { out in
            out.update(repeating: 0)
            for r in 0..<rows {
                let row = p + r * columns
                for c in 0..<columns { out[c] += row[c] }
            }
        }
    }
}
