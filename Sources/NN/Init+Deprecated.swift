import Tensors

/// The earlier names, which read like functions returning a new tensor.
extension Init {
    @available(*, deprecated, renamed: "fillUniform")
    @discardableResult
    public static func uniform(_ tensor: Tensor, a: Double = 0, b: Double = 1, generator: Generator = .default) -> Tensor {
        fillUniform(tensor, a: a, b: b, generator: generator)
    }
    @available(*, deprecated, renamed: "fillNormal")
    @discardableResult
    public static func normal(_ tensor: Tensor, mean: Double = 0, std: Double = 1, generator: Generator = .default) -> Tensor {
        fillNormal(tensor, mean: mean, std: std, generator: generator)
    }
    @available(*, deprecated, renamed: "fillConstant")
    @discardableResult
    public static func constant(_ tensor: Tensor, _ value: Double) -> Tensor { fillConstant(tensor, value) }
    @available(*, deprecated, renamed: "fillZeros")
    @discardableResult
    public static func zeros(_ tensor: Tensor) -> Tensor { fillZeros(tensor) }
    @available(*, deprecated, renamed: "fillOnes")
    @discardableResult
    public static func ones(_ tensor: Tensor) -> Tensor { fillOnes(tensor) }
    @available(*, deprecated, renamed: "fillXavierUniform")
    @discardableResult
    public static func xavierUniform(_ tensor: Tensor, gain: Double = 1, generator: Generator = .default) -> Tensor {
        fillXavierUniform(tensor, gain: gain, generator: generator)
    }
    @available(*, deprecated, renamed: "fillXavierNormal")
    @discardableResult
    public static func xavierNormal(_ tensor: Tensor, gain: Double = 1, generator: Generator = .default) -> Tensor {
        fillXavierNormal(tensor, gain: gain, generator: generator)
    }
    @available(*, deprecated, renamed: "fillKaimingUniform")
    @discardableResult
    public static func kaimingUniform(_ tensor: Tensor, a: Double = 0, mode: FanMode = .fanIn,
                                      nonlinearity: Nonlinearity = .leakyReLU, generator: Generator = .default) -> Tensor {
        fillKaimingUniform(tensor, a: a, mode: mode, nonlinearity: nonlinearity, generator: generator)
    }
    @available(*, deprecated, renamed: "fillKaimingNormal")
    @discardableResult
    public static func kaimingNormal(_ tensor: Tensor, a: Double = 0, mode: FanMode = .fanIn,
                                     nonlinearity: Nonlinearity = .leakyReLU, generator: Generator = .default) -> Tensor {
        fillKaimingNormal(tensor, a: a, mode: mode, nonlinearity: nonlinearity, generator: generator)
    }
}
