import Tensors

/// Adagrad, as `torch.optim.Adagrad`.
///
/// The accumulator starts at τ (`initialAccumulatorValue`); per step t = 1, 2, ...:
///
///     g ← ∇f(θ)            (−∇f(θ) if maximize)
///     γ̃ ← γ / (1 + (t − 1)·η)               (η = lrDecay)
///     g ← g + λθ           if λ ≠ 0
///     s ← s + g²                            (sum)
///     θ ← θ − γ̃·g / (√s + ε)
///
/// As in PyTorch, every parameter's state (step 0, sum = τ) is created when
/// the optimizer is built, not at its first gradient.
public final class Adagrad: Optimizer {
    public var paramGroups: [ParameterGroup]
    let store = ParameterStateStore(optimizerName: "Adagrad", bufferNames: ["sum"])

    public init(_ groups: [ParameterGroup], lr: Double = 1e-2, lrDecay: Double = 0,
                weightDecay: Double = 0, initialAccumulatorValue: Double = 0, eps: Double = 1e-10,
                maximize: Bool = false) {
        paramGroups = resolveGroups(groups, defaults: Hyperparameters(
            lr: lr, weightDecay: weightDecay, maximize: maximize, eps: eps, lrDecay: lrDecay,
            initialAccumulatorValue: initialAccumulatorValue), optimizer: "Adagrad")
        for group in paramGroups {
            checkUsage(group.lrDecay >= 0, "Adagrad", "invalid lrDecay \(group.lrDecay): it must be >= 0")
            checkUsage(group.initialAccumulatorValue >= 0, "Adagrad", "invalid initialAccumulatorValue \(group.initialAccumulatorValue): it must be >= 0")
            checkUsage(group.eps >= 0, "Adagrad", "invalid eps \(group.eps): it must be >= 0")
            for parameter in group.parameters {
                let entry = store.entry(for: parameter)
                entry.step = 0
                _ = store.buffer("sum", of: entry, like: parameter,
                                 initial: Float(group.initialAccumulatorValue))
            }
        }
    }

    public convenience init(_ parameters: [Tensor], lr: Double = 1e-2, lrDecay: Double = 0,
                            weightDecay: Double = 0, initialAccumulatorValue: Double = 0,
                            eps: Double = 1e-10, maximize: Bool = false) {
        self.init([ParameterGroup(parameters: parameters)], lr: lr, lrDecay: lrDecay,
                  weightDecay: weightDecay, initialAccumulatorValue: initialAccumulatorValue,
                  eps: eps, maximize: maximize)
    }

    public func step() {
        for group in paramGroups {
            let decay = Float(group.weightDecay), eps = Float(group.eps)
            let sign: Float = group.maximize ? -1 : 1
            for parameter in group.parameters {
                guard let grad = gradient(of: parameter) else { continue }
                let entry = store.entry(for: parameter)
                let t = (entry.step ?? 0) + 1
                entry.step = t
                let clr = Float(group.lr / (1 + Double(t - 1) * group.lrDecay))
                let s = store.buffer("sum", of: entry, like: parameter,
                                     initial: Float(group.initialAccumulatorValue)).pointer
                let theta = parameter.storage.pointer, dfdtheta = grad.storage.pointer
                for i in 0..<parameter.count {
                    let g = sign * dfdtheta[i] + decay * theta[i]
                    s[i] += g * g
                    theta[i] -= clr * g / (s[i].squareRoot() + eps)
                }
            }
        }
    }

    public func stateDict() -> OptimizerState { store.stateDict(groups: paramGroups) }

    public func loadStateDict(_ state: OptimizerState) throws {
        try store.load(state, into: &paramGroups)
    }
}
