import Tensors

/// The base class of every layer and model, like `torch.nn.Module`.
///
/// Parameters and sub-modules are found by reflection, as PyTorch finds them
/// through attribute assignment: a stored `Tensor` (or `Tensor?`) property is a
/// parameter, a stored `Module` property is a child, and arrays, dictionaries
/// and optionals of them hold children and parameters named by index or key
/// (what `nn.ModuleList`, `nn.ModuleDict` and `nn.ParameterList` do; see
/// Module+Reflection.swift). So a model's parameter names are PyTorch's:
/// `layers.0.weight`, `blocks.1.bias`, `heads.shirt.weight`.
open class Module {
    /// Training or evaluation mode (`model.train()` / `model.eval()`); Dropout reads it.
    public private(set) var training = true

    public init() {}

    /// The computation of this module. Subclasses override it; callers use `model(x)`.
    open func forward(_ input: Tensor) -> Tensor {
        usageFailure("\(typeName).forward", "\(typeName) does not override forward(_:), so it cannot be called",
                     valid: "override func forward(_ x: Tensor) -> Tensor { ... } in \(typeName)")
    }

    /// Runs `forward`, and reports the call to a summary being recorded.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard let tracer = ModuleTracer.current else { return forward(input) }
        let record = tracer.enter(self)
        let output = forward(input)
        tracer.exit(record, output: output)
        return output
    }

    /// The class name PyTorch would print, e.g. `Linear`.
    open var typeName: String { String(describing: type(of: self)) }

    /// Extra text inside the parentheses of `description`, e.g. `in_features=3, ...`.
    open var extraDescription: String { "" }

    // MARK: Reflection

    /// Direct children with their attribute names, in declaration order.
    open func namedChildren() -> [(String, Module)] {
        reflectedMembers().compactMap { name, value in (value as? Module).map { (name, $0) } }
    }

    /// This module's own parameters (not its children's), in declaration order.
    open func namedOwnParameters() -> [(String, Tensor)] {
        reflectedMembers().compactMap { name, value in (value as? Tensor).map { (name, $0) } }
    }

    /// Every module in the tree with its dotted name, this one first as "".
    public func namedModules(prefix: String = "") -> [(String, Module)] {
        [(prefix, self)] + namedChildren().flatMap { name, child in
            child.namedModules(prefix: prefix.isEmpty ? name : "\(prefix).\(name)")
        }
    }

    /// Every parameter with its dotted PyTorch name (`layers.0.weight`),
    /// each tensor once even when a module is used in several places.
    public func namedParameters() -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(String, Tensor)] = []
        for (moduleName, module) in namedModules() {
            for (name, p) in module.namedOwnParameters() where seen.insert(ObjectIdentifier(p)).inserted {
                result.append((moduleName.isEmpty ? name : "\(moduleName).\(name)", p))
            }
        }
        return result
    }

    public func parameters() -> [Tensor] { namedParameters().map(\.1) }

    /// The number of scalar parameters (`sum(p.numel() for p in model.parameters())`).
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// The number of parameters that train (`requiresGrad`).
    public var trainableParameterCount: Int { parameters().filter(\.requiresGrad).reduce(0) { $0 + $1.count } }

    // MARK: Modes

    /// Sets training mode here and in every child (`model.train()`).
    @discardableResult
    public func train(_ mode: Bool = true) -> Self {
        for (_, m) in namedModules() { m.training = mode }
        return self
    }

    /// Sets evaluation mode (`model.eval()`).
    @discardableResult
    public func eval() -> Self { train(false) }

    /// Freezes (`false`) or unfreezes every parameter (`model.requires_grad_(flag)`).
    @discardableResult
    public func requiresGrad(_ flag: Bool) -> Self {
        for p in parameters() { p.requiresGrad = flag }
        return self
    }

    /// Sets every parameter's gradient to nil (`zero_grad(set_to_none=True)`).
    public func zeroGrad() {
        for p in parameters() { p.zeroGrad() }
    }
}

extension Module: CustomStringConvertible {
    /// PyTorch's `print(model)` layout.
    public var description: String {
        let children = namedChildren()
        if children.isEmpty { return "\(typeName)(\(extraDescription))" }
        let lines = children.map { name, child in
            "  (\(name)): " + child.description.replacingOccurrences(of: "\n", with: "\n  ")
        }
        return "\(typeName)(\n" + lines.joined(separator: "\n") + "\n)"
    }
}
