import Tensors

/// Finite-difference gradient checking, shared by every test target.
///
/// For a scalar function f of some input tensors, compares the autograd
/// gradient ∂f/∂x with the central difference (f(x + h) − f(x − h)) / 2h,
/// computed in Double-accumulated Float32, element by element.
public enum GradientCheck {
    public struct Mismatch: CustomStringConvertible {
        public let input: Int, index: Int
        public let analytic: Float, numeric: Float
        public var description: String {
            "input \(input), element \(index): autograd \(analytic), finite difference \(numeric)"
        }
    }

    /// Returns the elements where the gradients disagree by more than
    /// `atol + rtol·|numeric|`; an empty array means the op's backward is right.
    public static func mismatches(_ inputs: [Tensor], step h: Float = 1e-2,
                                  atol: Float = 2e-3, rtol: Float = 2e-2,
                                  _ f: ([Tensor]) -> Tensor) -> [Mismatch] {
        for x in inputs { x.requiresGrad = true; x.zeroGrad() }
        let out = f(inputs)
        precondition(out.count == 1, "gradient check needs a scalar function, got \(out.shape)")
        out.backward()
        var found: [Mismatch] = []
        for (k, x) in inputs.enumerated() {
            let analytic = x.grad?.scalars ?? Array(repeating: 0, count: x.count)
            for i in 0..<x.count {
                let original = x.withUnsafeBufferPointer { $0[i] }
                x.withUnsafeMutableBufferPointer { $0[i] = original + h }
                let plus = noGrad { f(inputs).item() }
                x.withUnsafeMutableBufferPointer { $0[i] = original - h }
                let minus = noGrad { f(inputs).item() }
                x.withUnsafeMutableBufferPointer { $0[i] = original }
                let numeric = (plus - minus) / (2 * h)
                if Swift.abs(numeric - analytic[i]) > atol + rtol * Swift.abs(numeric) {
                    found.append(Mismatch(input: k, index: i, analytic: analytic[i], numeric: numeric))
                }
            }
        }
        return found
    }

    /// A deterministic input tensor for checks, values in [low, high).
    public static func input(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Tensor {
        Tensor.rand(shape, low: low, high: high, generator: Generator(seed: seed))
    }
}
