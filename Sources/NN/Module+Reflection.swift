import Tensors

// How a module finds its parameters and children: its stored properties, and
// inside them arrays, dictionaries and optionals, as PyTorch's ModuleList,
// ModuleDict and ParameterList do. A property `blocks: [Linear]` gives
// `blocks.0.weight`, `heads: [String: Linear]` gives `heads.name.weight`.
// A module or tensor anywhere else the search can see (a tuple, a struct, a
// set) stops the program with a message: a silently missing parameter would
// never train.

/// A container the search looks into.
protocol ReflectedContainer {
    /// Whether values of this type can hold a tensor or a module (known from the type alone).
    static var mayHoldMembers: Bool { get }
    /// The elements with the name each adds to the path ("0", "name"); nil when
    /// they have no stable order, so no PyTorch name.
    var reflectedEntries: [(String, Any)]? { get }
}

/// Whether values of type `type` can hold a tensor or a module.
func typeMayHoldMembers(_ type: Any.Type) -> Bool {
    if type is Tensor.Type || type is Module.Type { return true }
    if let container = type as? ReflectedContainer.Type { return container.mayHoldMembers }
    return false
}

extension Array: ReflectedContainer {
    static var mayHoldMembers: Bool { typeMayHoldMembers(Element.self) }
    var reflectedEntries: [(String, Any)]? { enumerated().map { ("\($0.offset)", $0.element as Any) } }
}

extension Optional: ReflectedContainer {
    static var mayHoldMembers: Bool { typeMayHoldMembers(Wrapped.self) }
    /// An optional adds nothing to the name: `bias`, not `bias.some`.
    var reflectedEntries: [(String, Any)]? { map { [("", $0 as Any)] } ?? [] }
}

extension Dictionary: ReflectedContainer {
    static var mayHoldMembers: Bool { typeMayHoldMembers(Value.self) }
    /// Sorted by key: a Swift dictionary keeps no insertion order, and names must not change between runs.
    var reflectedEntries: [(String, Any)]? {
        map { ("\($0.key)", $0.value as Any) }.sorted { $0.0 < $1.0 }
    }
}

extension Set: ReflectedContainer {
    static var mayHoldMembers: Bool { typeMayHoldMembers(Element.self) }
    var reflectedEntries: [(String, Any)]? { nil }
}

extension Module {
    /// Every tensor and module directly held by this module's stored properties
    /// (through arrays, dictionaries and optionals), with its dotted name.
    func reflectedMembers() -> [(String, AnyObject)] {
        var members: [(String, AnyObject)] = []
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let m = mirror { mirrors.insert(m, at: 0); mirror = m.superclassMirror }
        for m in mirrors {
            for child in m.children {
                guard var name = child.label else { continue }
                if name.hasPrefix("$__lazy_storage_$_") { name.removeFirst("$__lazy_storage_$_".count) }
                if name.hasPrefix("_") { name.removeFirst() }
                collect(child.value, path: name, property: name, into: &members)
            }
        }
        return members
    }

    private func collect(_ value: Any, path: String, property: String, into members: inout [(String, AnyObject)]) {
        switch value {
        case let tensor as Tensor: members.append((path, tensor))
        case let module as Module: members.append((path, module))
        case let container as ReflectedContainer:
            guard type(of: container).mayHoldMembers else { return }
            guard let entries = container.reflectedEntries else {
                usageFailure("\(typeName).\(property)", "a Set of modules or tensors has no order, so its "
                             + "parameters would have no PyTorch names",
                             valid: "an array ([Linear], like nn.ModuleList) or a dictionary ([String: Linear], like nn.ModuleDict)")
            }
            for (key, element) in entries {
                collect(element, path: key.isEmpty ? path : "\(path).\(key)", property: property, into: &members)
            }
        default:
            // A tuple or struct the search cannot name: refuse rather than lose its parameters.
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .tuple || mirror.displayStyle == .struct || mirror.displayStyle == .enum,
                  let found = firstMember(in: value, depth: 0) else { return }
            usageFailure("\(typeName).\(property)", "the property holds a \(found) inside a "
                         + "\(mirror.displayStyle.map { "\($0)" } ?? "value") (\(type(of: value))), "
                         + "where parameters are not looked for; it would never train",
                         valid: "keep modules and tensors in stored properties, arrays, dictionaries or optionals "
                         + "(blocks: [Linear] → blocks.0.weight, heads: [String: Linear] → heads.name.weight)")
        }
    }

    /// The type name of the first tensor or module inside a tuple or struct, if any.
    private func firstMember(in value: Any, depth: Int) -> String? {
        guard depth < 8 else { return nil }
        for child in Mirror(reflecting: value).children {
            switch child.value {
            case let module as Module: return module.typeName
            case is Tensor: return "Tensor"
            case let container as ReflectedContainer:
                if type(of: container).mayHoldMembers, let entries = container.reflectedEntries,
                   let found = entries.lazy.compactMap({ self.firstMember(in: [$0.1], depth: depth + 1) }).first {
                    return found
                }
            default:
                let style = Mirror(reflecting: child.value).displayStyle
                if style == .tuple || style == .struct || style == .enum,
                   let found = firstMember(in: child.value, depth: depth + 1) { return found }
            }
        }
        return nil
    }
}
