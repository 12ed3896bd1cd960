// Matrix products through cblas_sgemm. Backward passes reuse sgemm with
// transpose flags, so no transposed copy is ever made.

extension Tensor {
    /// op(a) · op(b) for 2-D tensors, where op transposes when asked
    /// (`a @ b`, `a.T @ b`, `a @ b.T`).
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        checkUsage(a.rank == 2 && b.rank == 2, "matmul", "it multiplies matrices; got shapes \(a.shape) and \(b.shape)",
                   valid: "two 2-D tensors [m, k] and [k, n] (reshape first)")
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        checkUsage(k == k2, "matmul",
                   "inner sizes differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "") (\(k) ≠ \(k2))",
                   valid: "[m, k] · [k, n]: the columns of the first equal the rows of the second",
                   russian: ("внутренние размеры не совпадают: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "") (\(k) ≠ \(k2))",
                             "[m, k] · [k, n]: число столбцов первой матрицы равно числу строк второй"))
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
    /// b [out]. One sgemm, then one pass over the output that adds the bias; the
    /// backward skips dL/dx when x needs no gradient.
    /// With `relu: true` it is ReLU(x·Wᵀ + b), the ReLU taken in that same pass
    /// (forward), and dL/df = 𝕀[y > 0] ⊙ dL/dy with the bias gradient summed in
    /// one pass (backward): the fused Linear → ReLU that `Sequential` uses.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, relu: Bool = false) -> Tensor {
        checkUsage(weight.rank == 2, "linear", "weight \(weight.shape) is not a matrix [out, in]",
                   valid: "a weight [out_features, in_features]")
        checkUsage(x.rank == 2, "linear", "input \(x.shape) is not a batch of vectors [B, \(weight.shape[1])]",
                   valid: "an input [B, \(weight.shape[1])] (flatten images first: x.flatten(startDim: 1))",
                   russian: ("вход \(x.shape) не батч векторов [B, \(weight.shape[1])]",
                             "вход [B, \(weight.shape[1])] (изображения сначала вытяните: x.flatten(startDim: 1))"))
        checkUsage(x.shape[1] == weight.shape[1], "linear",
                   "input \(x.shape) has \(x.shape[1]) features, but the layer (weight \(weight.shape), "
                   + "Linear(\(weight.shape[1]), \(weight.shape[0]))) takes \(weight.shape[1])",
                   valid: "an input [B, \(weight.shape[1])], or a layer Linear(\(x.shape[1]), \(weight.shape[0])) "
                   + "that takes the \(x.shape[1]) features the layer before gives",
                   russian: ("у входа \(x.shape) \(x.shape[1]) признаков, а слой (вес \(weight.shape), "
                             + "Linear(\(weight.shape[1]), \(weight.shape[0]))) принимает \(weight.shape[1])",
                             "вход [B, \(weight.shape[1])] или слой Linear(\(x.shape[1]), \(weight.shape[0])), "
                             + "принимающий \(x.shape[1]) признаков, которые даёт предыдущий слой"))
        let (batch, inFeatures, outFeatures) = (x.shape[0], x.shape[1], weight.shape[0])
        if let bias {
            checkUsage(bias.shape == [outFeatures], "linear", "bias \(bias.shape) for a weight \(weight.shape)",
                       valid: "a bias [\(outFeatures)]")
        }
        let output = TensorStorage(uninitializedCount: batch * outFeatures)
        BLAS.sgemm(transposeA: false, transposeB: true, m: batch, n: outFeatures, k: inFeatures,
                   a: x.storage.pointer, b: weight.storage.pointer, c: output.pointer)
        addBias(bias, relu: relu, to: output.pointer, rows: batch, columns: outFeatures)
        let out = Tensor(storage: output, shape: [batch, outFeatures])
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        let name = relu ? "ReluBackward0" : (bias == nil ? "MmBackward0" : "AddmmBackward0")
        return out.recorded(name, inputs) { g in
            var gp = UnsafePointer(g.storage.pointer)
            let biasGrad: Tensor? = bias?.requiresGrad == true ? Tensor.zeros([outFeatures]) : nil
            var masked: TensorStorage?
            if relu {
                // y is kept as storage, not as the tensor: no cycle through gradFn.
                let m = TensorStorage(uninitializedCount: g.count)
                maskByPositive(gp, output: output.pointer, into: m.pointer, columnSums: biasGrad?.storage.pointer,
                               rows: batch, columns: outFeatures)
                masked = m
                gp = UnsafePointer(m.pointer)
            } else if let biasGrad {
                addColumnSums(gp, rows: batch, columns: outFeatures, into: biasGrad.storage.pointer)
            }
            let gx: Tensor? = x.requiresGrad ? Tensor(shape: x.shape) { dx in
                BLAS.sgemm(transposeA: false, transposeB: false, m: batch, n: inFeatures, k: outFeatures,
                           a: gp, b: weight.storage.pointer, c: dx.baseAddress!)
            } : nil
            let gw: Tensor? = weight.requiresGrad ? Tensor(shape: weight.shape) { dw in
                BLAS.sgemm(transposeA: true, transposeB: false, m: outFeatures, n: inFeatures, k: batch,
                           a: gp, b: x.storage.pointer, c: dw.baseAddress!)
            } : nil
            withExtendedLifetime(masked) {}
            return bias == nil ? [gx, gw] : [gx, gw, biasGrad]
        }
    }

    /// y ← y + b row by row, then ReLU when asked, in one pass. The ReLU is a
    /// select, not a branch, so the loop vectorises; NaN passes (NaN < 0 is false).
    private static func addBias(_ bias: Tensor?, relu: Bool, to y: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        if let bias {
            let b = UnsafePointer(bias.storage.pointer)
            for r in 0..<rows {
                let row = y + r * columns
                if relu {
                    for c in 0..<columns { let v = row[c] + b[c]; row[c] = v < 0 ? 0 : v }
                } else {
                    for c in 0..<columns { row[c] += b[c] }
                }
            }
        } else if relu {
            for i in 0..<rows * columns { let v = y[i]; y[i] = v < 0 ? 0 : v }
        }
    }

    /// m = 𝕀[y > 0] ⊙ g, and Σ over rows of m added into `columnSums` when given.
    /// Both loads are unconditional, so the select vectorises.
    private static func maskByPositive(_ g: UnsafePointer<Float>, output y: UnsafePointer<Float>,
                                       into m: UnsafeMutablePointer<Float>, columnSums: UnsafeMutablePointer<Float>?,
                                       rows: Int, columns: Int) {
        guard let sums = columnSums else {
            for i in 0..<rows * columns { let (a, d) = (y[i], g[i]); m[i] = a > 0 ? d : 0 }
            return
        }
        for r in 0..<rows {
            let (gr, yr, mr) = (g + r * columns, y + r * columns, m + r * columns)
            for c in 0..<columns {
                let (a, d) = (yr[c], gr[c])
                let v = a > 0 ? d : 0
                mr[c] = v
                sums[c] += v
            }
        }
    }

    /// Σ over rows of a [rows, columns] buffer, added into `sums`: the bias gradient.
    private static func addColumnSums(_ p: UnsafePointer<Float>, rows: Int, columns: Int,
                                      into sums: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = p + r * columns
            for c in 0..<columns { sums[c] += row[c] }
        }
    }
}
