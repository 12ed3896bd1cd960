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
func resolveGroups(_ groups: [ParameterGroup], defaults: Hyperparameters) -> [ParameterGroup] {
    precondition(!groups.isEmpty, "an optimizer needs at least one parameter group")
    var seen = Set<ObjectIdentifier>()
    return groups.map { group in
        for parameter in group.parameters {
            precondition(seen.insert(ObjectIdentifier(parameter)).inserted,
                         "a parameter appears in more than one parameter group")
        }
        var resolved = group
        resolved.hyperparameters = group.hyperparameters.filled(from: defaults)
        precondition(resolved.lr >= 0, "invalid learning rate \(resolved.lr): it must be >= 0")
        precondition(resolved.weightDecay >= 0,
                     "invalid weightDecay \(resolved.weightDecay): it must be >= 0")
        return resolved
    }
}

/// The gradient of `parameter`, checked against its size; `nil` to skip it.
@inline(__always)
func gradient(of parameter: Tensor) -> Tensor? {
    guard let grad = parameter.grad else { return nil }
    precondition(grad.count == parameter.count,
                 "gradient of shape \(grad.shape) does not fit parameter of shape \(parameter.shape)")
    return grad
}
