import Foundation
import Tensors

/// Adam, as `torch.optim.Adam`.
///
/// For each parameter θ, at its step t = 1, 2, ... (counted per parameter):
///
///     g ← ∇f(θ)            (−∇f(θ) if maximize)
///     g ← g + λθ           if λ ≠ 0          (L2, coupled: it passes through the moments)
///     m ← β₁·m + (1 − β₁)·g
///     v ← β₂·v + (1 − β₂)·g²
///     m̂ ← m / (1 − β₁ᵗ)
///     v_max ← max(v_max, v)                  if amsgrad (over the raw v, as PyTorch's code)
///     v̂ ← v / (1 − β₂ᵗ)    (v_max / (1 − β₂ᵗ) if amsgrad)
///     θ ← θ − γ·m̂ / (√v̂ + ε)
///
/// m and v are the raw moments (`exp_avg`, `exp_avg_sq`); the bias correction
/// is applied only when stepping, never folded into the recurrence, and ε is
/// added after the square root.
public final class Adam: Optimizer {
    public var paramGroups: [ParameterGroup]
    let store = ParameterStateStore(optimizerName: "Adam",
                                    bufferNames: ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"])

    public init(_ groups: [ParameterGroup], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                eps: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false,
                maximize: Bool = false) {
        paramGroups = resolveGroups(groups, defaults: Hyperparameters(
            lr: lr, weightDecay: weightDecay, maximize: maximize, betas: betas, eps: eps,
            amsgrad: amsgrad), optimizer: "Adam")
        checkAdamHyperparameters(paramGroups, optimizer: "Adam")
    }

    public convenience init(_ parameters: [Tensor], lr: Double = 1e-3,
                            betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                            weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false) {
        self.init([ParameterGroup(parameters: parameters)], lr: lr, betas: betas, eps: eps,
                  weightDecay: weightDecay, amsgrad: amsgrad, maximize: maximize)
    }

    public func step() { adamStep(paramGroups, store: store, decoupledWeightDecay: false) }

    public func stateDict() -> OptimizerState { store.stateDict(groups: paramGroups) }

    public func loadStateDict(_ state: OptimizerState) throws {
        try store.load(state, into: &paramGroups)
    }
}

func checkAdamHyperparameters(_ groups: [ParameterGroup], optimizer: String) {
    for group in groups {
        let (beta1, beta2) = group.betas
        checkUsage(beta1 >= 0 && beta1 < 1, optimizer, "invalid beta1 = \(beta1) in betas (\(beta1), \(beta2))",
                   valid: "0 ≤ beta1 < 1, e.g. betas: (0.9, 0.999)")
        checkUsage(beta2 >= 0 && beta2 < 1, optimizer, "invalid beta2 = \(beta2) in betas (\(beta1), \(beta2))",
                   valid: "0 ≤ beta2 < 1, e.g. betas: (0.9, 0.999)")
        checkUsage(group.eps >= 0, optimizer, "invalid eps = \(group.eps)", valid: "eps ≥ 0, e.g. 1e-8")
    }
}

/// One Adam / AdamW step over every parameter with a gradient, fused into a
/// single pass over each parameter's memory.
func adamStep(_ groups: [ParameterGroup], store: ParameterStateStore, decoupledWeightDecay: Bool) {
    for group in groups {
        let (beta1, beta2) = group.betas
        let b1 = Float(beta1), b2 = Float(beta2)
        let oneMinusB1 = Float(1 - beta1), oneMinusB2 = Float(1 - beta2)
        let eps = Float(group.eps), sign: Float = group.maximize ? -1 : 1
        let l2 = decoupledWeightDecay ? 0 : Float(group.weightDecay)
        let shrink = Float(decoupledWeightDecay ? 1 - group.lr * group.weightDecay : 1)
        let amsgrad = group.amsgrad
        for parameter in group.parameters {
            guard let grad = gradient(of: parameter) else { continue }
            let entry = store.entry(for: parameter)
            let t = (entry.step ?? 0) + 1
            entry.step = t
            // Scalars once per step, in Double.
            let biasCorrection1 = 1 - pow(beta1, Double(t))
            let biasCorrection2 = 1 - pow(beta2, Double(t))
            let stepSize = Float(group.lr / biasCorrection1)
            let sqrtBiasCorrection2 = Float(biasCorrection2.squareRoot())

            let m = store.buffer("exp_avg", of: entry, like: parameter).pointer
            let v = store.buffer("exp_avg_sq", of: entry, like: parameter).pointer
            let vMax = amsgrad ? store.buffer("max_exp_avg_sq", of: entry, like: parameter).pointer : v
            let theta = parameter.storage.pointer, dfdtheta = grad.storage.pointer
            for i in 0..<parameter.count {
                theta[i] *= shrink
                let g = sign * dfdtheta[i] + l2 * theta[i]
                m[i] = b1 * m[i] + oneMinusB1 * g
                v[i] = b2 * v[i] + oneMinusB2 * g * g
                if amsgrad { vMax[i] = Swift.max(vMax[i], v[i]) }
                let denominator = vMax[i].squareRoot() / sqrtBiasCorrection2 + eps
                theta[i] -= stepSize * m[i] / denominator
            }
        }
    }
}
