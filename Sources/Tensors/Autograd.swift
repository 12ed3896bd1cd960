/// One recorded operation in the autograd graph (`grad_fn` in PyTorch).
///
/// `backward` receives the gradient of the op's output and returns the
/// gradients of its inputs, in order (`nil` where an input needs none).
public final class GradNode {
    /// PyTorch's name for the node, e.g. `AddmmBackward0`.
    public let name: String
    let inputs: [Tensor]
    let backward: (Tensor) -> [Tensor?]

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }
}

/// Global autograd switch, like `torch.is_grad_enabled()`.
public enum GradMode {
    public static var isEnabled = true
}

/// Runs `body` without recording operations (`with torch.no_grad():`).
@discardableResult
public func noGrad<R>(_ body: () throws -> R) rethrows -> R {
    let saved = GradMode.isEnabled
    GradMode.isEnabled = false
    defer { GradMode.isEnabled = saved }
    return try body()
}

/// `torch.inference_mode()`: here the same as `noGrad`, since no graph is built.
@discardableResult
public func inferenceMode<R>(_ body: () throws -> R) rethrows -> R { try noGrad(body) }

extension Tensor {
    /// Records this tensor as the output of an op on `inputs`, when any of them
    /// needs a gradient, with `backward` mapping the output's gradient to the
    /// inputs' gradients (in order; `nil` for an input that needs none). Every
    /// op calls this right after computing its output; layers outside this
    /// module use it to define fused ops with their backward beside the forward.
    @inline(__always)
    public func recorded(_ name: String, _ inputs: [Tensor], _ backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        if GradMode.isEnabled && inputs.contains(where: { $0.requiresGrad }) {
            requiresGrad = true
            gradFn = GradNode(name: name, inputs: inputs, backward: backward)
        }
        return self
    }

    /// The output of an op as its backward closure should keep it: the storage
    /// only, because capturing the tensor itself would make a reference cycle
    /// (tensor → gradFn → closure → tensor) that leaks when backward never runs.
    var saved: () -> Tensor {
        let storage = self.storage, shape = self.shape
        return { Tensor(storage: storage, shape: shape) }
    }

    /// Keeps `grad` on a non-leaf tensor after `backward()` (`retain_grad()`).
    public func retainGrad() {
        checkUsage(requiresGrad, "retainGrad()", "the tensor \(shape) does not require grad, so it has no gradient to keep",
                   valid: "a tensor computed from one with requiresGrad: true")
        retainsGrad = true
    }

    /// Calls `hook` with this tensor's gradient whenever one is computed
    /// (`register_hook`). Lesson 03 reads dL/df of every layer this way.
    public func registerHook(_ hook: @escaping (Tensor) -> Void) {
        checkUsage(requiresGrad, "registerHook", "the tensor \(shape) does not require grad, so no gradient will reach it",
                   valid: "a tensor computed from one with requiresGrad: true")
        hooks.append(hook)
    }

    /// Sets `grad` to `nil`, as `zero_grad(set_to_none=True)` does.
    public func zeroGrad() { grad = nil }

    /// Back-propagates from this tensor. Without `gradient` the tensor must hold
    /// one element and the seed gradient is 1, as in PyTorch. Gradients of
    /// leaves are accumulated into their `grad`; the graph is freed afterwards.
    public func backward(_ gradient: Tensor? = nil) {
        checkUsage(requiresGrad, "backward()", "the tensor \(shape) does not require grad and has no graph "
                   + "(made inside noGrad, from detach(), or from tensors without requiresGrad)",
                   valid: "a loss computed from parameters with requiresGrad: true, outside noGrad",
                   russian: ("тензор \(shape) не требует градиента и не имеет графа (создан внутри noGrad, "
                             + "через detach() или из тензоров без requiresGrad)",
                             "функция потерь, вычисленная из параметров с requiresGrad: true вне noGrad"))
        let seed: Tensor
        if let gradient {
            checkUsage(gradient.shape == shape, "backward(_:)", "gradient \(gradient.shape) for a tensor \(shape)",
                       valid: "a gradient of the tensor's own shape \(shape)")
            seed = gradient
        } else {
            checkUsage(count == 1, "backward()", "without a gradient it needs a one-element output, got \(shape)",
                       valid: "a scalar loss (reduce with .mean() or .sum()), or backward(gradient) of shape \(shape)")
            seed = Tensor.ones(shape)
        }
        noGrad {
            let order = topologicalOrder()
            var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
            for tensor in order.reversed() {
                guard let grad = grads.removeValue(forKey: ObjectIdentifier(tensor)) else { continue }
                for hook in tensor.hooks { hook(grad) }
                guard let node = tensor.gradFn else {
                    tensor.accumulate(grad)
                    continue
                }
                if tensor.retainsGrad { tensor.accumulate(grad) }
                let inputGrads = node.backward(grad)
                for (input, g) in zip(node.inputs, inputGrads) {
                    guard let g, input.requiresGrad else { continue }
                    precondition(g.shape == input.shape, "\(node.name): gradient \(g.shape) for input \(input.shape)")
                    let key = ObjectIdentifier(input)
                    if let existing = grads[key] {
                        grads[key] = existing + g
                    } else {
                        grads[key] = g
                    }
                }
            }
            // Free the graph, as PyTorch does without retain_graph=True.
            for tensor in order where tensor.gradFn != nil { tensor.gradFn = nil }
        }
    }

    private func accumulate(_ g: Tensor) {
        if let grad {
            grad.addInPlace(g)
        } else {
            // A gradient may be shared by several inputs (e.g. both sides of `+`):
            // the leaf gets its own copy, since later steps accumulate into it.
            grad = g.clone()
        }
    }

    /// Tensors reachable from this one through `gradFn`, inputs before outputs.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative DFS: deep networks would overflow the stack recursively.
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (tensor, expanded) = stack.popLast() {
            if expanded { order.append(tensor); continue }
            guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
            stack.append((tensor, true))
            for input in tensor.gradFn?.inputs ?? [] where input.requiresGrad {
                if !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
            }
        }
        return order
    }

    /// self += other, in place (a gradient adding up over several uses of a tensor).
    /// (Not "adding", which in Swift names a function that returns a new value, as `a + b` does.)
    func addInPlace(_ other: Tensor) {
        precondition(other.count == count, "cannot add \(other.shape) into \(shape)")
        let a = storage.pointer, b = other.storage.pointer
        for i in 0..<count { a[i] += b[i] }
    }
}
