import Tensors

/// An ordered map from PyTorch parameter names to tensors (`model.state_dict()`).
public typealias StateDict = [(name: String, tensor: Tensor)]

/// Why `loadStateDict` refused a state dict, in PyTorch's words.
public struct StateDictError: Error, CustomStringConvertible {
    public let modelName: String
    public let missingKeys: [String]
    public let unexpectedKeys: [String]
    public let sizeMismatches: [(key: String, checkpoint: [Int], model: [Int])]

    public var description: String {
        var parts: [String] = []
        if !missingKeys.isEmpty {
            parts.append("Missing key(s) in state_dict: " + missingKeys.map { "\"\($0)\"" }.joined(separator: ", ") + ".")
        }
        if !unexpectedKeys.isEmpty {
            parts.append("Unexpected key(s) in state_dict: " + unexpectedKeys.map { "\"\($0)\"" }.joined(separator: ", ") + ".")
        }
        for m in sizeMismatches {
            parts.append("size mismatch for \(m.key): copying a param with shape \(m.checkpoint) from checkpoint, the shape in current model is \(m.model).")
        }
        return "Error(s) in loading state_dict for \(modelName):\n\t" + parts.joined(separator: "\n\t")
    }
}

extension Module {
    /// The parameters by name, sharing storage with the model (detached).
    public func stateDict() -> StateDict {
        namedParameters().map { ($0.0, $0.1.detach()) }
    }

    /// Copies values from `state` into this model's parameters, in place.
    /// With `strict` (PyTorch's default), keys must match exactly; without it,
    /// missing and unexpected keys are returned instead of thrown. A shape
    /// mismatch always throws. Nothing is copied unless everything checks out.
    @discardableResult
    public func loadStateDict(_ state: StateDict, strict: Bool = true) throws -> (missingKeys: [String], unexpectedKeys: [String]) {
        let own = namedParameters()
        let ownNames = Set(own.map(\.0))
        let given = Dictionary(state.map { ($0.name, $0.tensor) }, uniquingKeysWith: { _, last in last })
        let missing = own.map(\.0).filter { given[$0] == nil }
        let unexpected = state.map(\.name).filter { !ownNames.contains($0) }
        let mismatches = own.compactMap { name, p -> (key: String, checkpoint: [Int], model: [Int])? in
            guard let t = given[name], t.shape != p.shape else { return nil }
            return (name, t.shape, p.shape)
        }
        if !mismatches.isEmpty || (strict && (!missing.isEmpty || !unexpected.isEmpty)) {
            throw StateDictError(modelName: typeName, missingKeys: strict ? missing : [],
                                 unexpectedKeys: strict ? unexpected : [], sizeMismatches: mismatches)
        }
        for (name, p) in own { if let t = given[name] { p.copy(from: t) } }
        return (missing, unexpected)
    }
}
