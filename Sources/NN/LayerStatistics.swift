import Foundation
import Tensors

/// How the scale of the signal changes layer by layer in one forward and one
/// backward pass through a `Sequential` of `Linear` layers and activations
/// (Prince, "Understanding Deep Learning", §7.5 and notebook 7.3).
///
/// The layers are numbered as in the lecture: h₀ = x is the input; the k-th
/// `Linear` makes the pre-activation f_k = β_{k−1} + Ω_{k−1}·h_{k−1}, and the
/// modules after it (up to the next `Linear`) make h_k = a[f_k]. A `Linear`
/// with nothing after it gives h_k = f_k.
///
/// The backward pass starts from `outputGradient` g, as `y.backward(g)` in
/// PyTorch, i.e. for the loss L = Σ g ⊙ y (a fixed random read-out when g is
/// drawn from N(0, 1)). dL/df_k is read with `registerHook` on every f_k, so
/// the numbers are the framework's own autograd, not a copy of its formulas.
///
/// Variances are population variances (over all elements: batch and units),
/// accumulated in Double from the Float32 values. A layer whose values left
/// Float32's range (an element is ±inf or NaN) reports `.infinity`, and so
/// does every later layer of that pass (the numbers after it mean nothing).
/// When the forward pass overflowed, every gradient variance is NaN: the
/// backward pass runs through NaN and infinities and measures nothing.
public struct LayerStatistics: Sendable {
    /// Var(h_k) for k = 0…K; index 0 is the input.
    public var activations: [Double]
    /// Var(f_k) for k = 1…K, stored at index k − 1.
    public var preActivations: [Double]
    /// Var(dL/df_k) for k = 1…K, stored at index k − 1.
    public var gradients: [Double]

    /// The number of `Linear` layers K.
    public var depth: Int { preActivations.count }

    /// Runs `model` on `input`, then back-propagates `outputGradient` (default:
    /// N(0, 1) from `generator`), and records the variance of every h_k, f_k and
    /// dL/df_k. Parameters' `grad` are left as they were.
    public init(of model: Sequential, input: Tensor, outputGradient: Tensor? = nil, generator: Generator = .default) {
        checkUsage(model.layers.contains { $0 is Linear }, "LayerStatistics", "needs a Sequential with Linear layers")
        let parameters = model.parameters()
        let savedGrads = parameters.map(\.grad)
        let savedFlags = parameters.map(\.requiresGrad)
        // The graph must be recorded even for a frozen model; backward would
        // accumulate into existing grads in place, so they are set aside.
        for p in parameters {
            p.requiresGrad = true
            p.grad = nil
        }
        defer {
            for (p, (grad, flag)) in zip(parameters, zip(savedGrads, savedFlags)) {
                p.grad = grad
                p.requiresGrad = flag
            }
        }

        var activations = [Self.variance(of: input)]
        var preActivations: [Double] = []
        var preActivationTensors: [Tensor] = []
        var h = input
        var pendingActivation = false
        let output: Tensor = GradMode.withEnabled {
            for module in model.layers {
                if module is Linear, pendingActivation {
                    activations.append(Self.variance(of: h))
                }
                h = module(h)
                if module is Linear {
                    preActivations.append(Self.variance(of: h))
                    preActivationTensors.append(h)
                    pendingActivation = true
                }
            }
            return h
        }
        activations.append(Self.variance(of: output))

        var gradients = [Double](repeating: .nan, count: preActivationTensors.count)
        for (k, f) in preActivationTensors.enumerated() where f.requiresGrad {
            f.registerHook { gradients[k] = Self.variance(of: $0) }
        }
        let seed = outputGradient ?? Tensor.randn(output.shape, generator: generator)
        checkUsage(seed.shape == output.shape, "LayerStatistics", "outputGradient has shape \(seed.shape), the output \(output.shape)")
        if output.requiresGrad { output.backward(seed) }

        // ReLU maps NaN to 0, so an overflow can hide in later layers: once a
        // layer has left the Float32 range, every layer after it is marked too.
        self.activations = Self.overflowPropagated(activations, forward: true)
        self.preActivations = Self.overflowPropagated(preActivations, forward: true)
        // After a forward overflow the ReLU masks are NaN comparisons: the
        // backward pass then computes nothing meaningful.
        let forwardOverflowed = Self.firstOverflow(self.preActivations) != nil
        self.gradients = forwardOverflowed ? gradients.map { _ in .nan }
                                           : Self.overflowPropagated(gradients, forward: false)
    }

    /// The layer-by-layer arithmetic mean of several measurements (e.g. over
    /// networks drawn with different seeds): the expectation over weights that
    /// the initialisation formulas are about. All must have the same depth.
    public static func mean(_ runs: [LayerStatistics]) -> LayerStatistics {
        checkUsage(!runs.isEmpty && runs.allSatisfy { $0.depth == runs[0].depth }, "LayerStatistics.mean", "needs measurements of equal depth")
        func average(_ key: KeyPath<LayerStatistics, [Double]>) -> [Double] {
            runs[0][keyPath: key].indices.map { i in runs.map { $0[keyPath: key][i] }.reduce(0, +) / Double(runs.count) }
        }
        return LayerStatistics(activations: average(\.activations), preActivations: average(\.preActivations),
                               gradients: average(\.gradients))
    }

    public init(activations: [Double], preActivations: [Double], gradients: [Double]) {
        self.activations = activations
        self.preActivations = preActivations
        self.gradients = gradients
    }

    /// Marks every value after the first non-finite one (in the direction of the pass) as overflowed.
    static func overflowPropagated(_ values: [Double], forward: Bool) -> [Double] {
        var result = values
        let order = forward ? Array(values.indices) : values.indices.reversed()
        var overflowed = false
        for i in order {
            if overflowed || !values[i].isFinite { overflowed = true; result[i] = .infinity }
        }
        return result
    }

    /// The population variance of all elements, in Double; `.infinity` when an
    /// element is not finite (the Float32 range was left).
    public static func variance(of tensor: Tensor) -> Double {
        tensor.withUnsafeBufferPointer { buffer in
            guard !buffer.isEmpty else { return .nan }
            var sum = 0.0
            for v in buffer {
                guard v.isFinite else { return .infinity }
                sum += Double(v)
            }
            let mean = sum / Double(buffer.count)
            var squares = 0.0
            for v in buffer {
                let d = Double(v) - mean
                squares += d * d
            }
            return squares / Double(buffer.count)
        }
    }

    /// The first index of `values` that is not a finite number (overflow), if any.
    public static func firstOverflow(_ values: [Double]) -> Int? {
        values.firstIndex { !$0.isFinite }
    }
}

extension GradMode {
    /// Runs `body` with autograd recording on, whatever the caller's mode.
    static func withEnabled<R>(_ body: () throws -> R) rethrows -> R {
        let saved = isEnabled
        isEnabled = true
        defer { isEnabled = saved }
        return try body()
    }
}
