import Foundation

/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64),
/// the counterpart of `torch.Generator().manual_seed(seed)`: the same seed
/// gives the same numbers on every run and every machine.
public final class Generator: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    public private(set) var initialSeed: UInt64 = 0

    public init(seed: UInt64 = 0) { manualSeed(seed) }

    /// The process-wide generator that ops use when none is passed (`torch.manual_seed`).
    public static var `default` = Generator(seed: 0)

    /// Restarts the sequence from `seed`.
    public func manualSeed(_ seed: UInt64) {
        initialSeed = seed
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The generator's state, to save in a checkpoint and restore later.
    public var stateWords: [UInt64] {
        get { [state.0, state.1, state.2, state.3] }
        set {
            checkUsage(newValue.count == 4, "Generator.stateWords", "\(newValue.count) words given",
                       valid: "the 4 words read from stateWords")
            state = (newValue[0], newValue[1], newValue[2], newValue[3]) }
    }

    @inline(__always)
    public func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }

    /// A uniform Float in [0, 1) with 24 random bits.
    @inline(__always)
    public func nextUniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// A standard normal draw (Box–Muller).
    public func nextNormal() -> Float {
        let u1 = Double(next() >> 11) * 0x1p-53, u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * Foundation.log(1 - u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2))
    }

    /// Fills `buffer` with U(low, high).
    public func fillUniform(_ buffer: UnsafeMutableBufferPointer<Float>, low: Float = 0, high: Float = 1) {
        let width = high - low
        for i in buffer.indices { buffer[i] = low + width * nextUniform() }
    }

    /// Fills `buffer` with N(mean, std²), two values per Box–Muller pair.
    public func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>, mean: Float = 0, std: Float = 1) {
        var i = 0
        while i < buffer.count {
            let u1 = Double(next() >> 11) * 0x1p-53, u2 = Double(next() >> 11) * 0x1p-53
            let r = (-2 * Foundation.log(1 - u1)).squareRoot(), theta = 2 * Double.pi * u2
            buffer[i] = mean + std * Float(r * Foundation.cos(theta))
            if i + 1 < buffer.count { buffer[i + 1] = mean + std * Float(r * Foundation.sin(theta)) }
            i += 2
        }
    }

    /// A random permutation of 0..<n (`torch.randperm`), Fisher–Yates.
    public func permutation(_ n: Int) -> [Int] {
        checkUsage(n >= 0, "permutation", "n = \(n)", valid: "n ≥ 0")
        var p = Array(0..<n)
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(next() % UInt64(i + 1))
                p.swapAt(i, j)
            }
        }
        return p
    }

    /// A uniform integer in `range` (`torch.randint`).
    public func int(in range: Range<Int>) -> Int {
        checkUsage(!range.isEmpty, "int(in:)", "the range \(range) is empty", valid: "a range with at least one number, e.g. 0..<10")
        return range.lowerBound + Int(next() % UInt64(range.count))
    }
}

extension Tensor {
    /// U(low, high) samples (`torch.rand` scaled), from `generator` or the default one.
    public static func rand(_ shape: [Int], low: Float = 0, high: Float = 1, generator: Generator = .default,
                            requiresGrad: Bool = false) -> Tensor {
        checkUsage(low <= high && low.isFinite && high.isFinite, "rand",
                   "low \(low), high \(high)", valid: "finite bounds with low ≤ high")
        let t = Tensor(shape: shape) { generator.fillUniform($0, low: low, high: high) }
        t.requiresGrad = requiresGrad
        return t
    }

    /// N(mean, std²) samples (`torch.randn` scaled).
    public static func randn(_ shape: [Int], mean: Float = 0, std: Float = 1, generator: Generator = .default,
                             requiresGrad: Bool = false) -> Tensor {
        checkUsage(std >= 0 && std.isFinite && mean.isFinite, "randn", "mean \(mean), std \(std)",
                   valid: "a finite mean and a finite std ≥ 0")
        let t = Tensor(shape: shape) { generator.fillNormal($0, mean: mean, std: std) }
        t.requiresGrad = requiresGrad
        return t
    }
}
