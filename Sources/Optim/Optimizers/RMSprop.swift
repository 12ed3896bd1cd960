import Tensors

/// RMSprop, as `torch.optim.RMSprop`.
///
/// For each parameter θ, per step:
///
///     g ← ∇f(θ)            (−∇f(θ) if maximize)
///     g ← g + λθ           if λ ≠ 0
///     v ← α·v + (1 − α)·g²                  (square_avg)
///     ṽ ← v
///     if centered:
///         ḡ ← α·ḡ + (1 − α)·g               (grad_avg)
///         ṽ ← ṽ − ḡ²
///     if μ > 0:
///         b ← μ·b + g / (√ṽ + ε)            (momentum_buffer, starts at 0)
///         θ ← θ − γ·b
///     else:
///         θ ← θ − γ·g / (√ṽ + ε)
///
/// ε is added after the square root (TensorFlow adds it inside).
public final class RMSprop: Optimizer {
    public var paramGroups: [ParameterGroup]
    let store = ParameterStateStore(optimizerName: "RMSprop",
                                    bufferNames: ["square_avg", "grad_avg", "momentum_buffer"])

    public init(_ groups: [ParameterGroup], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8,
                weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false,
                maximize: Bool = false) {
        paramGroups = resolveGroups(groups, defaults: Hyperparameters(
            lr: lr, weightDecay: weightDecay, momentum: momentum, maximize: maximize, eps: eps,
            alpha: alpha, centered: centered), optimizer: "RMSprop")
        for group in paramGroups {
            checkUsage(group.alpha >= 0, "RMSprop", "invalid alpha \(group.alpha): it must be >= 0")
            checkUsage(group.eps >= 0, "RMSprop", "invalid eps \(group.eps): it must be >= 0")
            checkUsage(group.momentum >= 0, "RMSprop", "invalid momentum \(group.momentum): it must be >= 0")
        }
    }

    public convenience init(_ parameters: [Tensor], lr: Double = 1e-2, alpha: Double = 0.99,
                            eps: Double = 1e-8, weightDecay: Double = 0, momentum: Double = 0,
                            centered: Bool = false, maximize: Bool = false) {
        self.init([ParameterGroup(parameters: parameters)], lr: lr, alpha: alpha, eps: eps,
                  weightDecay: weightDecay, momentum: momentum, centered: centered,
                  maximize: maximize)
    }

    public func step() {
        for group in paramGroups {
            let lr = Float(group.lr), decay = Float(group.weightDecay)
            let alpha = Float(group.alpha), oneMinusAlpha = Float(1 - group.alpha)
            let eps = Float(group.eps), mu = Float(group.momentum)
            let sign: Float = group.maximize ? -1 : 1
            let centered = group.centered
            for parameter in group.parameters {
                guard let grad = gradient(of: parameter) else { continue }
                let entry = store.entry(for: parameter)
                entry.step = (entry.step ?? 0) + 1
                let v = store.buffer("square_avg", of: entry, like: parameter).pointer
                // Unused buffers alias `v` so the loop needs no optionals; they are never written.
                let gBar = centered ? store.buffer("grad_avg", of: entry, like: parameter).pointer : v
                let b = mu > 0 ? store.buffer("momentum_buffer", of: entry, like: parameter).pointer : v
                let theta = parameter.storage.pointer, dfdtheta = grad.storage.pointer
                for i in 0..<parameter.count {
                    let g = sign * dfdtheta[i] + decay * theta[i]
                    v[i] = alpha * v[i] + oneMinusAlpha * g * g
                    var vTilde = v[i]
                    if centered {
                        gBar[i] = alpha * gBar[i] + oneMinusAlpha * g
                        vTilde -= gBar[i] * gBar[i]
                    }
                    let scaled = g / (vTilde.squareRoot() + eps)
                    if mu > 0 {
                        b[i] = mu * b[i] + scaled
                        theta[i] -= lr * b[i]
                    } else {
                        theta[i] -= lr * scaled
                    }
                }
            }
        }
    }

    public func stateDict() -> OptimizerState { store.stateDict(groups: paramGroups) }

    public func loadStateDict(_ state: OptimizerState) throws {
        try store.load(state, into: &paramGroups)
    }
}
