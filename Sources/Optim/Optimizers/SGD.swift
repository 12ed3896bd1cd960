import Tensors

/// Stochastic gradient descent with optional momentum, as `torch.optim.SGD`.
///
/// For each parameter θ with gradient ∇f(θ), per step t = 1, 2, ...:
///
///     g ← ∇f(θ)            (−∇f(θ) if maximize)
///     g ← g + λθ           if λ ≠ 0          (L2 weight decay)
///     if μ ≠ 0:
///         b ← g                       at the parameter's first momentum step (no dampening)
///         b ← μ·b + (1 − τ)·g         afterwards
///         g ← g + μ·b                 if nesterov
///         g ← b                       otherwise
///     θ ← θ − γ·g
///
/// PyTorch's velocity is not scaled by γ (unlike Sutskever et al.), so changing
/// γ mid-training does not rescale the accumulated momentum.
public final class SGD: Optimizer {
    public var paramGroups: [ParameterGroup]
    let store = ParameterStateStore(optimizerName: "SGD", bufferNames: ["momentum_buffer"])

    /// - Parameters: γ = `lr`, μ = `momentum`, τ = `dampening`, λ = `weightDecay`.
    public init(_ groups: [ParameterGroup], lr: Double, momentum: Double = 0, dampening: Double = 0,
                nesterov: Bool = false, weightDecay: Double = 0, maximize: Bool = false) {
        paramGroups = resolveGroups(groups, defaults: Hyperparameters(
            lr: lr, weightDecay: weightDecay, momentum: momentum, dampening: dampening,
            nesterov: nesterov, maximize: maximize), optimizer: "SGD")
        for group in paramGroups {
            checkUsage(group.momentum >= 0, "SGD", "invalid momentum \(group.momentum): it must be >= 0")
            checkUsage(!group.nesterov || (group.momentum > 0 && group.dampening == 0), "SGD", "Nesterov momentum requires momentum > 0 and dampening = 0")
        }
    }

    public convenience init(_ parameters: [Tensor], lr: Double, momentum: Double = 0,
                            dampening: Double = 0, nesterov: Bool = false,
                            weightDecay: Double = 0, maximize: Bool = false) {
        self.init([ParameterGroup(parameters: parameters)], lr: lr, momentum: momentum,
                  dampening: dampening, nesterov: nesterov, weightDecay: weightDecay,
                  maximize: maximize)
    }

    public func step() {
        for group in paramGroups {
            let lr = Float(group.lr), decay = Float(group.weightDecay)
            let mu = Float(group.momentum), keep = Float(1 - group.dampening)
            let sign: Float = group.maximize ? -1 : 1
            let nesterov = group.nesterov
            for parameter in group.parameters {
                guard let grad = gradient(of: parameter) else { continue }
                let n = parameter.count
                let theta = parameter.storage.pointer, dfdtheta = grad.storage.pointer
                if mu == 0 {
                    for i in 0..<n {
                        let g = sign * dfdtheta[i] + decay * theta[i]
                        theta[i] -= lr * g
                    }
                    continue
                }
                let (b, isFirst) = store.buffer("momentum_buffer", of: store.entry(for: parameter),
                                                like: parameter)
                for i in 0..<n {
                    let g = sign * dfdtheta[i] + decay * theta[i]
                    let velocity = isFirst ? g : mu * b[i] + keep * g
                    b[i] = velocity
                    theta[i] -= lr * (nesterov ? g + mu * velocity : velocity)
                }
            }
        }
    }

    public func stateDict() -> OptimizerState { store.stateDict(groups: paramGroups) }

    public func loadStateDict(_ state: OptimizerState) throws {
        try store.load(state, into: &paramGroups)
    }
}
