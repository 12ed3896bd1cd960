import Tensors

// Transfer learning: freeze a trained body, swap its head, load a checkpoint
// whose head does not fit.
//
//     let model = Classifier(classes: 5)
//     model.head = Identity()                                   // last layer removed
//     let keys = try model.load(from: url, strict: false)       // unexpected: head.weight, head.bias
//     model.head = Linear(128, 5)                               // a new head (PyTorch: model.fc = nn.Linear(...))
//     model.features.requiresGrad(false)                        // frozen body
//     let optimizer = Adam(ParameterGroup.trainable(model.parameters()), lr: 1e-3)

extension Module {
    /// The parameters that train (`requiresGrad`), in `parameters()` order, like
    /// `filter(lambda p: p.requires_grad, model.parameters())`.
    public func trainableParameters() -> [Tensor] { parameters().filter(\.requiresGrad) }

    /// The names of the frozen parameters (`requiresGrad == false`).
    public func frozenParameterNames() -> [String] { namedParameters().filter { !$0.1.requiresGrad }.map(\.0) }
}

extension Sequential {
    /// The last layer, settable: `net.last = Linear(128, 5)` is PyTorch's `net[-1] = nn.Linear(128, 5)`.
    public var last: Module {
        get {
            checkUsage(count > 0, "Sequential", "an empty Sequential has no last layer")
            return self[count - 1]
        }
        set {
            checkUsage(count > 0, "Sequential", "an empty Sequential has no last layer")
            self[count - 1] = newValue
        }
    }

    /// The layers `range` as a new `Sequential` that shares them (not copies), like
    /// PyTorch's slicing `net[:-1]`: training the slice trains these very layers.
    public subscript(range: Range<Int>) -> Sequential {
        checkUsage(range.lowerBound >= 0 && range.upperBound <= count, "Sequential", "layers \(range) are out of range for a Sequential of \(count)")
        return Sequential(Array(layers[range]))
    }
}

/// What a non-strict `load_state_dict` reports, printed the way PyTorch prints
/// it: `<All keys matched successfully>` or
/// `_IncompatibleKeys(missing_keys=[...], unexpected_keys=[...])`.
public struct IncompatibleKeys: Equatable, CustomStringConvertible {
    public var missingKeys: [String]
    public var unexpectedKeys: [String]

    public init(missingKeys: [String], unexpectedKeys: [String]) {
        self.missingKeys = missingKeys
        self.unexpectedKeys = unexpectedKeys
    }

    public init(_ result: (missingKeys: [String], unexpectedKeys: [String])) {
        self.init(missingKeys: result.missingKeys, unexpectedKeys: result.unexpectedKeys)
    }

    public var allMatched: Bool { missingKeys.isEmpty && unexpectedKeys.isEmpty }

    public var description: String {
        guard !allMatched else { return "<All keys matched successfully>" }
        func list(_ keys: [String]) -> String { "[" + keys.map { "'\($0)'" }.joined(separator: ", ") + "]" }
        return "_IncompatibleKeys(missing_keys=\(list(missingKeys)), unexpected_keys=\(list(unexpectedKeys)))"
    }
}

/// The entries of `state` whose name starts with `prefix`, with the prefix
/// removed: the state dict of one sub-module, e.g. `features.0.weight` →
/// `0.weight` for `model.features`.
public func stateDict(_ state: StateDict, under prefix: String) -> StateDict {
    let dotted = prefix.hasSuffix(".") ? prefix : prefix + "."
    return state.filter { $0.name.hasPrefix(dotted) }.map { (String($0.name.dropFirst(dotted.count)), $0.tensor) }
}

/// `state` without the entries under `prefix` (e.g. an old head, `head.`).
public func stateDict(_ state: StateDict, removing prefix: String) -> StateDict {
    let dotted = prefix.hasSuffix(".") ? prefix : prefix + "."
    return state.filter { !$0.name.hasPrefix(dotted) }
}
