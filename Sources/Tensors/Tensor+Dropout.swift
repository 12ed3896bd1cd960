extension Tensor {
    /// Inverted dropout: each element is zeroed with probability p and the rest
    /// scaled by 1/(1 − p). The same mask gates the gradient.
    public func dropout(_ p: Float, generator: Generator = .default) -> Tensor {
        let scale = 1 / (1 - p)
        let mask = TensorStorage(uninitializedCount: count)
        let m = mask.pointer, src = storage.pointer
        for i in 0..<count { m[i] = generator.nextUniform() < p ? 0 : scale }
        let out = Tensor(shape: shape) { out in
            for i in 0..<out.count { out[i] = src[i] * m[i] }
        }
        return out.recorded("MulBackward0", [self]) { g in
            let gp = g.storage.pointer, m = mask.pointer
            return [Tensor(shape: g.shape) { dx in
                for i in 0..<dx.count { dx[i] = gp[i] * m[i] }
            }]
        }
    }
}
