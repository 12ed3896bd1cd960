import Foundation
import Tensors

/// Weight initialisation with `torch.nn.init`'s formulas. Each `fill…` function
/// overwrites the tensor it is given, in place, and returns that same tensor:
/// `Init.fillKaimingNormal(w)` is PyTorch's `kaiming_normal_(w)`, whose trailing
/// underscore marks the change in place. Functions that make a new tensor are
/// `Tensor`'s own (`Tensor.zeros([3, 4])`, `Tensor.randn(…)`).
public enum Init {
    /// Which fan the variance is scaled by: `fan_in` keeps the forward pass's
    /// variance, `fan_out` the backward pass's.
    public enum FanMode: String, Sendable { case fanIn = "fan_in", fanOut = "fan_out" }

    /// The activations `calculateGain` knows, with PyTorch's names.
    public enum Nonlinearity: String, Sendable {
        case linear, conv1d, conv2d, conv3d, sigmoid, tanh, relu, leakyReLU = "leaky_relu", selu
    }

    /// PyTorch's recommended gain: 1 for linear and sigmoid, 5/3 for tanh, √2 for
    /// ReLU, √(2 / (1 + slope²)) for leaky ReLU (slope defaults to 0.01), 3/4 for SELU.
    public static func calculateGain(_ nonlinearity: Nonlinearity, param: Double? = nil) -> Double {
        switch nonlinearity {
        case .linear, .conv1d, .conv2d, .conv3d, .sigmoid: return 1
        case .tanh: return 5.0 / 3
        case .relu: return 2.0.squareRoot()
        case .leakyReLU:
            let slope = param ?? 0.01
            return (2 / (1 + slope * slope)).squareRoot()
        case .selu: return 3.0 / 4
        }
    }

    /// (fan_in, fan_out): for a Linear weight [out, in] that is (in, out); for
    /// higher ranks both are multiplied by the receptive field size.
    public static func calculateFanInAndFanOut(_ tensor: Tensor) -> (fanIn: Int, fanOut: Int) {
        checkUsage(tensor.rank >= 2, "init", "fan in and fan out need a tensor with at least 2 dimensions, got \(tensor.shape)")
        let receptive = tensor.shape.dropFirst(2).reduce(1, *)
        return (tensor.shape[1] * receptive, tensor.shape[0] * receptive)
    }

    static func fan(_ tensor: Tensor, _ mode: FanMode) -> Double {
        let (fanIn, fanOut) = calculateFanInAndFanOut(tensor)
        return Double(mode == .fanIn ? fanIn : fanOut)
    }

    /// U(a, b).
    @discardableResult
    public static func fillUniform(_ tensor: Tensor, a: Double = 0, b: Double = 1, generator: Generator = .default) -> Tensor {
        tensor.withUnsafeMutableBufferPointer { generator.fillUniform($0, low: Float(a), high: Float(b)) }
        return tensor
    }

    /// N(mean, std²).
    @discardableResult
    public static func fillNormal(_ tensor: Tensor, mean: Double = 0, std: Double = 1, generator: Generator = .default) -> Tensor {
        tensor.withUnsafeMutableBufferPointer { generator.fillNormal($0, mean: Float(mean), std: Float(std)) }
        return tensor
    }

    @discardableResult
    public static func fillConstant(_ tensor: Tensor, _ value: Double) -> Tensor {
        tensor.fill(Float(value))
        return tensor
    }

    @discardableResult
    public static func fillZeros(_ tensor: Tensor) -> Tensor { fillConstant(tensor, 0) }

    @discardableResult
    public static func fillOnes(_ tensor: Tensor) -> Tensor { fillConstant(tensor, 1) }

    /// Glorot & Bengio: U(−d, d) with d = gain·√(6 / (fan_in + fan_out)),
    /// so Var = gain²·2 / (fan_in + fan_out).
    @discardableResult
    public static func fillXavierUniform(_ tensor: Tensor, gain: Double = 1, generator: Generator = .default) -> Tensor {
        let (fanIn, fanOut) = calculateFanInAndFanOut(tensor)
        let bound = gain * (6 / Double(fanIn + fanOut)).squareRoot()
        return fillUniform(tensor, a: -bound, b: bound, generator: generator)
    }

    /// Glorot & Bengio: N(0, σ²) with σ = gain·√(2 / (fan_in + fan_out)).
    @discardableResult
    public static func fillXavierNormal(_ tensor: Tensor, gain: Double = 1, generator: Generator = .default) -> Tensor {
        let (fanIn, fanOut) = calculateFanInAndFanOut(tensor)
        return fillNormal(tensor, std: gain * (2 / Double(fanIn + fanOut)).squareRoot(), generator: generator)
    }

    /// He et al.: U(−b, b) with b = gain·√(3 / fan), gain = calculateGain(nonlinearity, a).
    /// PyTorch's defaults: a = 0, fan_in, leaky_relu (so gain = √2 and Var = 2/fan_in).
    @discardableResult
    public static func fillKaimingUniform(_ tensor: Tensor, a: Double = 0, mode: FanMode = .fanIn,
                                      nonlinearity: Nonlinearity = .leakyReLU, generator: Generator = .default) -> Tensor {
        let gain = calculateGain(nonlinearity, param: a)
        let bound = gain * (3 / fan(tensor, mode)).squareRoot()
        return fillUniform(tensor, a: -bound, b: bound, generator: generator)
    }

    /// He et al.: N(0, σ²) with σ = gain / √fan; for ReLU and fan_in, σ² = 2/D_in.
    @discardableResult
    public static func fillKaimingNormal(_ tensor: Tensor, a: Double = 0, mode: FanMode = .fanIn,
                                     nonlinearity: Nonlinearity = .leakyReLU, generator: Generator = .default) -> Tensor {
        let gain = calculateGain(nonlinearity, param: a)
        return fillNormal(tensor, std: gain / fan(tensor, mode).squareRoot(), generator: generator)
    }
}
