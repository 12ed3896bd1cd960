import Tensors

/// AdamW, as `torch.optim.AdamW`: Adam with decoupled weight decay.
///
/// Per step, before the Adam update (which then sees no L2 term):
///
///     θ ← θ·(1 − γλ)
///     g ← ∇f(θ)   (−∇f(θ) if maximize)
///     m, v, m̂, v̂ as in `Adam`
///     θ ← θ − γ·m̂ / (√v̂ + ε)
///
/// The decay does not pass through √v̂, so every weight shrinks by the same
/// factor regardless of its gradient history (Loshchilov & Hutter).
public final class AdamW: Optimizer {
    public var paramGroups: [ParameterGroup]
    let store = ParameterStateStore(optimizerName: "AdamW",
                                    bufferNames: ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"])

    public init(_ groups: [ParameterGroup], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                eps: Double = 1e-8, weightDecay: Double = 1e-2, amsgrad: Bool = false,
                maximize: Bool = false) {
        paramGroups = resolveGroups(groups, defaults: Hyperparameters(
            lr: lr, weightDecay: weightDecay, maximize: maximize, betas: betas, eps: eps,
            amsgrad: amsgrad), optimizer: "AdamW")
        checkAdamHyperparameters(paramGroups, optimizer: "AdamW")
    }

    public convenience init(_ parameters: [Tensor], lr: Double = 1e-3,
                            betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                            weightDecay: Double = 1e-2, amsgrad: Bool = false, maximize: Bool = false) {
        self.init([ParameterGroup(parameters: parameters)], lr: lr, betas: betas, eps: eps,
                  weightDecay: weightDecay, amsgrad: amsgrad, maximize: maximize)
    }

    public func step() { adamStep(paramGroups, store: store, decoupledWeightDecay: true) }

    public func stateDict() -> OptimizerState { store.stateDict(groups: paramGroups) }

    public func loadStateDict(_ state: OptimizerState) throws {
        try store.load(state, into: &paramGroups)
    }
}
