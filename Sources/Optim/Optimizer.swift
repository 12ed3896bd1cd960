import Tensors

/// An optimizer in PyTorch's sense: it owns parameter groups and updates their
/// parameters in place from their `grad`s when you call `step()`.
///
///     optimizer.zeroGrad()
///     let loss = crossEntropy(model(x), y)
///     loss.backward()
///     optimizer.step()
///
/// Parameters whose `grad` is `nil` are skipped, as in PyTorch.
public protocol Optimizer: AnyObject {
    /// The groups, each with its own hyperparameters (`param_groups`).
    /// Schedulers read and write `paramGroups[i].lr`.
    var paramGroups: [ParameterGroup] { get set }
    /// One update of every parameter that has a gradient.
    func step()
    /// A deep copy of the per-parameter buffers and the groups' hyperparameters.
    func stateDict() -> OptimizerState
    /// Restores a `stateDict()` so that training resumes exactly where it was saved.
    func loadStateDict(_ state: OptimizerState) throws
}

extension Optimizer {
    /// Sets every parameter's `grad` to `nil` (`zero_grad(set_to_none=True)`).
    public func zeroGrad() {
        for group in paramGroups {
            for parameter in group.parameters { parameter.grad = nil }
        }
    }

    /// The first group's learning rate; setting it sets every group's.
    public var lr: Double {
        get { paramGroups[0].lr }
        set {
            for index in paramGroups.indices { paramGroups[index].lr = newValue }
        }
    }

    /// All parameters, group by group (the order state dicts number them in).
    public var parameters: [Tensor] { paramGroups.flatMap(\.parameters) }

    /// For an optimizer without per-parameter state (one you write yourself
    /// with just `paramGroups` and `step()`): the groups' hyperparameters.
    public func stateDict() -> OptimizerState {
        ParameterStateStore(optimizerName: "\(type(of: self))", bufferNames: [])
            .stateDict(groups: paramGroups)
    }

    /// For an optimizer without per-parameter state: restores the groups'
    /// hyperparameters, refusing a state with buffers.
    public func loadStateDict(_ state: OptimizerState) throws {
        try ParameterStateStore(optimizerName: "\(type(of: self))", bufferNames: [])
            .load(state, into: &paramGroups)
    }
}

/// Fills each group's unset hyperparameters with `defaults` and checks that no
/// tensor is in two groups (PyTorch refuses that too).
func resolveGroups(_ groups: [ParameterGroup], defaults: Hyperparameters, optimizer: String) -> [ParameterGroup] {
    checkUsage(!groups.isEmpty, optimizer, "no parameter groups were given",
               valid: "at least one group, e.g. \(optimizer)(model.parameters(), lr: 0.01)")
    var seen = Set<ObjectIdentifier>()
    return groups.enumerated().map { index, group in
        for parameter in group.parameters {
            checkUsage(seen.insert(ObjectIdentifier(parameter)).inserted, optimizer,
                       "a parameter \(parameter.shape) appears in more than one parameter group",
                       valid: "each parameter in one group only")
        }
        var resolved = group
        resolved.hyperparameters = group.hyperparameters.filled(from: defaults)
        let place = groups.count == 1 ? "" : " (group \(index))"
        checkUsage(resolved.lr >= 0 && resolved.lr.isFinite, optimizer, "invalid learning rate lr = \(resolved.lr)\(place)",
                   valid: "lr ≥ 0, e.g. lr: 0.01",
                   russian: ("недопустимая скорость обучения lr = \(resolved.lr)\(place)", "lr ≥ 0, например lr: 0.01"))
        checkUsage(resolved.weightDecay >= 0 && resolved.weightDecay.isFinite, optimizer,
                   "invalid weightDecay = \(resolved.weightDecay)\(place)", valid: "weightDecay ≥ 0, e.g. 1e-4",
                   russian: ("недопустимый weightDecay = \(resolved.weightDecay)\(place)", "weightDecay ≥ 0, например 1e-4"))
        return resolved
    }
}

/// The gradient of `parameter`, checked against its size; `nil` to skip it.
@inline(__always)
func gradient(of parameter: Tensor) -> Tensor? {
    guard let grad = parameter.grad else { return nil }
    checkUsage(grad.count == parameter.count, "optimizer", "gradient of shape \(grad.shape) does not fit parameter of shape \(parameter.shape)")
    return grad
}
