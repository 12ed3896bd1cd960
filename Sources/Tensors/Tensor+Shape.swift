// Shape ops. `reshape` and `view` share storage with the original, as in PyTorch
// for contiguous tensors.

extension Tensor {
    /// The same elements in a new shape; one dimension may be -1 (inferred).
    public func reshape(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        checkUsage(newShape.allSatisfy { $0 >= -1 } && newShape.filter { $0 == -1 }.count <= 1, "reshape",
                   "the shape \(newShape) has a size below -1 or more than one -1",
                   valid: "sizes ≥ 0, and at most one -1 for the size to infer")
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            checkUsage(known > 0 && count % known == 0, "reshape",
                       "cannot reshape \(shape) (\(count) elements) into \(newShape): \(count) is not a multiple of \(known)",
                       valid: "a shape whose sizes besides -1 divide \(count)")
            resolved[unknown] = count / known
        }
        checkUsage(resolved.reduce(1, *) == count, "reshape",
                   "cannot reshape \(shape) (\(count) elements) into \(newShape) (\(resolved.reduce(1, *)) elements)",
                   valid: "a shape with \(count) elements, e.g. [\(shape.first ?? 1), -1]",
                   russian: ("нельзя превратить \(shape) (\(count) элементов) в \(newShape) (\(resolved.reduce(1, *)) элементов)",
                             "форма с \(count) элементами, например [\(shape.first ?? 1), -1]"))
        let original = shape
        return Tensor(storage: storage, shape: resolved).recorded("ViewBackward0", [self]) { g in
            [g.reshape(original)]
        }
    }

    public func reshape(_ dims: Int...) -> Tensor { reshape(dims) }

    /// `view` is `reshape` here: every tensor is contiguous.
    public func view(_ dims: Int...) -> Tensor { reshape(dims) }

    /// Flattens dimensions `startDim...endDim` into one (`torch.flatten`).
    public func flatten(startDim: Int = 0, endDim: Int = -1) -> Tensor {
        guard rank > 0 else { return reshape([1]) }
        let s = normalize(dim: startDim), e = normalize(dim: endDim)
        let merged = shape[s...e].reduce(1, *)
        return reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// Inserts a dimension of size 1 at `dim`.
    public func unsqueeze(_ dim: Int) -> Tensor {
        var s = shape
        let at = dim < 0 ? dim + rank + 1 : dim
        checkUsage(at >= 0 && at <= rank, "unsqueeze", "dimension \(dim) is out of range for shape \(shape)",
                   valid: "a dimension in \(-rank - 1)...\(rank)")
        s.insert(1, at: at)
        return reshape(s)
    }

    /// Removes every dimension of size 1.
    public func squeeze() -> Tensor { reshape(shape.filter { $0 != 1 }) }

    /// The transpose of a 2-D tensor, as a new contiguous tensor (`t()`).
    /// Matrix products never need it: `matmul` takes transposes as flags.
    public func t() -> Tensor {
        checkUsage(rank == 2, "t()", "it transposes matrices; got shape \(shape)", valid: "a 2-D tensor")
        let (r, c) = (shape[0], shape[1])
        let src = storage.pointer
        return Tensor(shape: [c, r]) { out in
            for i in 0..<r { for j in 0..<c { out[j * r + i] = src[i * c + j] } }
        }.recorded("TBackward0", [self]) { g in [g.t()] }
    }

    /// Rows `range` of dimension 0, copied (`x[a:b]`).
    public func rows(_ range: Range<Int>) -> Tensor {
        checkUsage(rank > 0 && range.lowerBound >= 0 && range.upperBound <= shape[0], "rows",
                   "rows \(range) of a tensor \(shape)", valid: "a range inside 0..<\(shape.first ?? 0)")
        let rowSize = count / Swift.max(shape[0], 1)
        let out = Tensor(shape: [range.count] + shape.dropFirst()) { out in
            if out.count > 0 {
                out.baseAddress!.update(from: storage.pointer + range.lowerBound * rowSize, count: out.count)
            }
        }
        let original = shape
        return out.recorded("SliceBackward0", [self]) { g in
            let grad = Tensor.zeros(original)
            if g.count > 0 {
                (grad.storage.pointer + range.lowerBound * rowSize).update(from: g.storage.pointer, count: g.count)
            }
            return [grad]
        }
    }

    /// Rows `indices` of dimension 0, in that order (`index_select(0, ...)`).
    public func indexSelect(_ indices: [Int]) -> Tensor {
        checkUsage(rank > 0, "indexSelect", "a 0-D tensor has no rows", valid: "a tensor with at least one dimension")
        if let bad = indices.first(where: { $0 < 0 || $0 >= shape[0] }) {
            usageFailure("indexSelect", "index \(bad) is out of range for a tensor \(shape)",
                         valid: "indices in 0..<\(shape[0])")
        }
        let rowSize = count / Swift.max(shape.first ?? 1, 1)
        let src = storage.pointer
        let out = Tensor(shape: [indices.count] + shape.dropFirst()) { out in
            for (k, i) in indices.enumerated() {
                (out.baseAddress! + k * rowSize).update(from: src + i * rowSize, count: rowSize)
            }
        }
        let original = shape
        return out.recorded("IndexSelectBackward0", [self]) { g in
            let grad = Tensor.zeros(original)
            let gp = g.storage.pointer, dst = grad.storage.pointer
            for (k, i) in indices.enumerated() {
                for j in 0..<rowSize { dst[i * rowSize + j] += gp[k * rowSize + j] }
            }
            return [grad]
        }
    }

    /// Joins tensors along dimension 0 (`torch.cat(tensors, 0)`).
    public static func cat(_ tensors: [Tensor]) -> Tensor {
        checkUsage(!tensors.isEmpty, "cat", "no tensors to join", valid: "at least one tensor")
        checkUsage(tensors.allSatisfy { $0.rank > 0 }, "cat", "a 0-D tensor cannot be joined along dimension 0: \(tensors.map(\.shape))",
                   valid: "tensors with at least one dimension")
        let tail = Array(tensors[0].shape.dropFirst())
        checkUsage(tensors.allSatisfy { Array($0.shape.dropFirst()) == tail }, "cat",
                   "shapes \(tensors.map(\.shape)) differ after dimension 0", valid: "every shape [n, \(tail.map(String.init).joined(separator: ", "))] with any n")
        let total = tensors.map { $0.shape[0] }.reduce(0, +)
        var offset = 0
        let out = Tensor(shape: [total] + tail) { out in
            for t in tensors where t.count > 0 {
                (out.baseAddress! + offset).update(from: t.storage.pointer, count: t.count)
                offset += t.count
            }
        }
        return out.recorded("CatBackward0", tensors) { g in
            var start = 0
            return tensors.map { t in
                defer { start += t.shape[0] }
                return noGrad { g.rows(start..<(start + t.shape[0])) }
            }
        }
    }
}
