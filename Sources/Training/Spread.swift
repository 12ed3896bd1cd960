import Foundation
import Tensors

/// A measurement repeated over several seeds: its mean and how far that mean
/// can be trusted.
///
///     let accuracies = Spread([0.812, 0.809, 0.817])
///     accuracies.mean            // 0.8127
///     accuracies.standardError   // s / √n = 0.0023
///     accuracies.formatted()     // "0.813 ± 0.002"
public struct Spread: Sendable, CustomStringConvertible {
    public let values: [Double]

    public init(_ values: [Double]) {
        self.values = values
    }

    public var count: Int { values.count }
    public var mean: Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }

    /// The sample standard deviation s (divided by n − 1, as `torch.std` does); 0 for one value.
    public var standardDeviation: Double {
        guard values.count > 1 else { return 0 }
        let m = mean
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }

    /// The standard error of the mean, s / √n.
    public var standardError: Double {
        values.isEmpty ? .nan : standardDeviation / Double(values.count).squareRoot()
    }

    /// Half the width of the 95 % confidence interval of the mean: t(0.975, n − 1) · s / √n.
    /// With few seeds t is large (4.30 for three), so few runs give wide intervals.
    public var confidenceHalfWidth: Double {
        values.count > 1 ? Spread.studentT975(degreesOfFreedom: values.count - 1) * standardError : .infinity
    }

    /// "mean ± standard error", each with `format`.
    public func formatted(_ format: String = "%.3f", scale: Double = 1) -> String {
        String(format: format, scale * mean) + " ± " + String(format: format, scale * standardError)
    }

    public var description: String { formatted() }

    /// The 97.5 % quantile of Student's t distribution (two-sided 95 %).
    public static func studentT975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086]
        return df >= 1 && df <= table.count ? table[df - 1] : (df > table.count ? 1.96 : .infinity)
    }
}

/// A method against a baseline measured with the same seeds (same initial
/// weights and batch order per seed), so the noise they share cancels: the
/// per-seed differences `method − baseline` and what they allow us to say.
public struct PairedComparison: Sendable {
    public enum Verdict: Sendable, Equatable {
        /// The whole 95 % interval of the mean difference is on the better side.
        case better
        /// The whole interval is on the worse side.
        case worse
        /// The interval contains zero: this many seeds cannot tell the two apart.
        case withinNoise
    }

    public let differences: Spread

    /// `baseline` and `method` hold one value per seed, in the same seed order.
    public init(baseline: [Double], method: [Double]) {
        checkUsage(baseline.count == method.count, "PairedComparison",
                   "\(baseline.count) baseline values but \(method.count) method values",
                   valid: "one value per seed on both sides, in the same seed order")
        differences = Spread(zip(method, baseline).map { $0 - $1 })
    }

    /// `higherIsBetter`: true for accuracy, false for a loss.
    public func verdict(higherIsBetter: Bool = true) -> Verdict {
        let d = differences.mean, h = differences.confidenceHalfWidth
        guard differences.count > 1, d.isFinite else { return .withinNoise }
        if d - h > 0 { return higherIsBetter ? .better : .worse }
        if d + h < 0 { return higherIsBetter ? .worse : .better }
        return .withinNoise
    }
}
