import Foundation
import Tensors

/// y = x·Wᵀ + b with W [out, in] and b [out], like `nn.Linear`.
///
/// PyTorch's default initialisation: W and b ~ U(−1/√in, 1/√in)
/// (`kaiming_uniform_(a=√5)` for W, which works out to the same bound).
public final class Linear: Module {
    public let inFeatures: Int, outFeatures: Int
    public var weight: Tensor
    public var bias: Tensor?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: Generator = .default) {
        checkUsage(inFeatures > 0 && outFeatures > 0, "Linear", "Linear(\(inFeatures), \(outFeatures)) has a size below 1",
                   valid: "Linear(in_features, out_features) with both ≥ 1, e.g. Linear(784, 196)",
                   russian: ("у Linear(\(inFeatures), \(outFeatures)) размер меньше 1",
                             "Linear(in_features, out_features), оба ≥ 1, например Linear(784, 196)"))
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = Tensor.rand([outFeatures, inFeatures], low: -bound, high: bound, generator: generator, requiresGrad: true)
        self.bias = bias ? Tensor.rand([outFeatures], low: -bound, high: bound, generator: generator, requiresGrad: true) : nil
    }

    public override func forward(_ input: Tensor) -> Tensor {
        Tensor.linear(input, weight: weight, bias: bias)
    }

    /// ReLU(x·Wᵀ + b) as one fused op (see `Tensor.linear(_:weight:bias:relu:)`).
    public func forward(_ input: Tensor, fusedReLU: Bool) -> Tensor {
        Tensor.linear(input, weight: weight, bias: bias, relu: fusedReLU)
    }

    public override var extraDescription: String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(bias == nil ? "False" : "True")"
    }
}

/// max(0, x), element-wise (`nn.ReLU`).
///
/// Inside a `Sequential`, a `ReLU` right after a `Linear` does not run its own
/// `forward` during training: `Sequential.forward` hands both to one fused op,
/// `Tensor.linear(_:weight:bias:relu: true)` (same numbers, one pass less over
/// the activations each way). A breakpoint here is therefore hit only for a
/// ReLU used on its own, under `summary`, or with
/// `Sequential.fusesLinearReLU = false`, which runs every layer by itself.
public final class ReLU: Module {
    public override func forward(_ input: Tensor) -> Tensor { input.relu() }
}

public final class Tanh: Module {
    public override func forward(_ input: Tensor) -> Tensor { input.tanh() }
}

public final class Sigmoid: Module {
    public override func forward(_ input: Tensor) -> Tensor { input.sigmoid() }
}

public final class Identity: Module {
    public override func forward(_ input: Tensor) -> Tensor { input }
}

/// Flattens dimensions `startDim...endDim` (default: all but the batch), like `nn.Flatten`.
public final class Flatten: Module {
    public let startDim: Int, endDim: Int
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
    }
    public override func forward(_ input: Tensor) -> Tensor { input.flatten(startDim: startDim, endDim: endDim) }
    public override var extraDescription: String { "start_dim=\(startDim), end_dim=\(endDim)" }
}

/// Runs its children in order, like `nn.Sequential`; they are named "0", "1", ...
public final class Sequential: Module {
    public private(set) var layers: [Module]

    /// Whether a `Linear` followed by a `ReLU` runs as one fused op (the default).
    /// Set it to false to step through `Linear.forward` and `ReLU.forward` one by
    /// one in a debugger; the numbers are the same either way, only slower.
    nonisolated(unsafe) public static var fusesLinearReLU = true

    public init(_ layers: [Module]) { self.layers = layers }
    public convenience init(_ layers: Module...) { self.init(layers) }

    /// Runs the layers in order: x = layer(x) for each layer.
    ///
    /// The one exception is speed machinery: a `Linear` followed by a `ReLU` runs
    /// as one fused op, `linear.forward(x, fusedReLU: true)` (same numbers, one
    /// pass less over the activations each way), so `ReLU.forward` is not called
    /// for it. Not while `summary` records the individual calls, nor with
    /// `Sequential.fusesLinearReLU = false`.
    public override func forward(_ input: Tensor) -> Tensor {
        var x = input
        var i = 0
        while i < layers.count {
            if Sequential.fusesLinearReLU, ModuleTracer.current == nil, i + 1 < layers.count,
               let linear = layers[i] as? Linear, layers[i + 1] is ReLU {
                x = linear.forward(x, fusedReLU: true)
                i += 2
            } else {
                x = layers[i](x)
                i += 1
            }
        }
        return x
    }

    public subscript(index: Int) -> Module {
        get {
            checkLayerIndex(index)
            return layers[index]
        }
        set {
            checkLayerIndex(index)
            layers[index] = newValue
        }
    }

    private func checkLayerIndex(_ index: Int) {
        checkUsage(index >= 0 && index < layers.count, "Sequential",
                   "layer \(index) is out of range for a Sequential of \(layers.count) layer\(layers.count == 1 ? "" : "s")",
                   valid: layers.isEmpty ? "a Sequential with layers" : "an index in 0..<\(layers.count) (model.last for the last layer)",
                   russian: ("слоя \(index) нет в Sequential из \(layers.count) \(layers.count % 10 == 1 && layers.count % 100 != 11 ? "слоя" : "слоёв")",
                             layers.isEmpty ? "Sequential со слоями" : "индекс в 0..<\(layers.count) (model.last — последний слой)"))
    }

    public var count: Int { layers.count }

    /// Children are "0", "1", ... as in PyTorch, not "layers.0".
    public override func namedChildren() -> [(String, Module)] {
        layers.enumerated().map { ("\($0.offset)", $0.element) }
    }
}

/// Zeroes each element with probability p during training and scales the
/// survivors by 1/(1 − p), so the expected activation is unchanged; the
/// identity in evaluation mode (`nn.Dropout`).
public final class Dropout: Module {
    public let p: Float
    let generator: Generator

    public init(_ p: Float = 0.5, generator: Generator = .default) {
        checkUsage(p >= 0 && p < 1, "Dropout", "dropout probability has to be in [0, 1), got \(p)",
                   valid: "0 ≤ p < 1, e.g. Dropout(0.5)")
        self.p = p
        self.generator = generator
    }

    public override func forward(_ input: Tensor) -> Tensor {
        guard training && p > 0 else { return input }
        return input.dropout(p, generator: generator)
    }

    public override var extraDescription: String { "p=\(p), inplace=False" }
}
