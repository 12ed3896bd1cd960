import Foundation
import Usage

/// How an axis maps data to position.
public enum AxisScale: Sendable {
    case linear
    /// Base-10 logarithm; non-positive values are not drawn.
    case log

    func forward(_ v: Double) -> Double { self == .log ? (v > 0 ? log10(v) : .nan) : v }
    func inverse(_ t: Double) -> Double { self == .log ? pow(10, t) : t }
}

/// Tick positions and labels, as in matplotlib's `MaxNLocator` (1-2-5 steps)
/// and `LogLocator` (decades, minor ticks at 2..9).
public enum Ticks {
    /// The 1-2-5 step that gives at most about `target` intervals over `lo...hi`.
    public static func niceStep(span: Double, target: Int) -> Double {
        checkUsage(span > 0 && span.isFinite, "Ticks.niceStep", "span \(span) is not a positive finite number",
                   valid: "span > 0 and finite (the axis range hi - lo)")
        let raw = span / Double(max(1, target))
        let magnitude = pow(10, floor(log10(raw)))
        let residual = raw / magnitude
        let factor: Double = residual <= 1.0 + 1e-9 ? 1 : residual <= 2.0 + 1e-9 ? 2 : residual <= 5.0 + 1e-9 ? 5 : 10
        return factor * magnitude
    }

    /// Multiples of a 1-2-5 step inside `lo...hi` (either order), aiming at `target`
    /// intervals. Values are exact multiples (no 0.30000000000000004).
    public static func linear(_ a: Double, _ b: Double, target: Int = 6) -> [Double] {
        let lo = min(a, b), hi = max(a, b)
        guard lo.isFinite, hi.isFinite else { return [] }
        if hi - lo <= 0 { return [lo] }
        var step = niceStep(span: hi - lo, target: target)
        // A coarse step can leave only one or two ticks inside; refine 5 → 2 → 1 until there are three.
        let wanted = min(3, target + 1)
        while true {
            let first = (lo / step - 1e-9).rounded(.up)
            let last = (hi / step + 1e-9).rounded(.down)
            if last - first + 1 >= Double(wanted) || step < (hi - lo) / 20 {
                guard last >= first else { return [] }
                return stride(from: first, through: last, by: 1).map { clean($0 * step, step: step) }
            }
            step = smallerStep(step)
        }
    }

    /// The next smaller 1-2-5 step (0.5 → 0.2 → 0.1 → 0.05).
    static func smallerStep(_ step: Double) -> Double {
        let magnitude = pow(10, floor(log10(step) + 1e-9))
        let factor = (step / magnitude).rounded()
        return factor >= 5 ? 2 * magnitude : factor >= 2 ? magnitude : 0.5 * magnitude
    }

    /// Rounds away floating noise relative to the step; turns -0 into 0.
    static func clean(_ value: Double, step: Double) -> Double {
        let decimals = max(0, -Int(floor(log10(step) + 1e-9))) + 1
        let scale = pow(10, Double(min(decimals, 15)))
        let v = (value * scale).rounded() / scale
        return v == 0 ? 0 : v
    }

    /// Major and minor ticks of a log axis over `lo...hi` (positive).
    /// Majors are powers of ten (every k-th decade when there are many);
    /// minors are 2..9 times each decade when the axis spans few decades.
    /// When fewer than two decades fall inside, majors become the 1-2-5 values.
    public static func log(_ a: Double, _ b: Double, target: Int = 6) -> (major: [Double], minor: [Double]) {
        let lo = min(a, b), hi = max(a, b)
        guard lo > 0, hi.isFinite, hi > lo else { return (lo > 0 ? [lo] : [], []) }
        let eLo = Int(floor(log10(lo) + 1e-9)), eHi = Int(ceil(log10(hi) - 1e-9))
        let decades = eHi - eLo
        // Label every decade, or every 2nd, 3rd, 5th, 10th, ... so that at most `target` labels show.
        let needed = max(1, Int((Double(decades) / Double(max(1, target))).rounded(.up)))
        let every = [1, 2, 3, 5, 10, 20, 25, 50, 100].first { $0 >= needed } ?? needed
        var major: [Double] = []
        var minor: [Double] = []
        let inside = { (v: Double) in v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) }
        for e in eLo...eHi {
            let p = pow(10, Double(e))
            if e % every == 0, inside(p) { major.append(p) }
            if every == 1 && decades <= 8 {
                for m in 2...9 where inside(Double(m) * p) { minor.append(Double(m) * p) }
            } else if e % every != 0, inside(p) {
                minor.append(p)
            }
        }
        if major.count < 2 {
            // Less than two decades visible: label 1, 2, 5 of each decade.
            var fine: [Double] = []
            for e in eLo...eHi {
                for m in [1.0, 2, 5] where inside(m * pow(10, Double(e))) { fine.append(m * pow(10, Double(e))) }
            }
            if fine.count >= 2 {
                minor = minor.filter { !fine.contains($0) }
                return (fine, minor)
            }
            return (linear(lo, hi, target: target), [])
        }
        return (major, minor)
    }

    private static let superscriptDigits: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
    ]

    /// `10⁻³` for -3, with Unicode superscripts (no markup needed).
    public static func powerOfTenLabel(_ exponent: Int) -> String {
        "10" + String(String(exponent).map { superscriptDigits[$0]! })
    }

    /// Labels for linear ticks: the decimals the step needs, a true minus sign,
    /// and `m×10ⁿ` for very large or very small values.
    public static func labels(_ ticks: [Double]) -> [String] {
        guard ticks.count > 0 else { return [] }
        if ticks.count == 1 { return [compactLabel(ticks[0])] }
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : max(abs(ticks[0]), 1)
        let largest = ticks.map(abs).max() ?? 0
        if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
            let exponent = Int(floor(log10(largest)))
            let stepDigits = max(0, exponent - Int(floor(log10(step) + 1e-9)))
            return ticks.map { v in
                if v == 0 { return "0" }
                let mantissa = v / pow(10, Double(exponent))
                return minusSign(String(format: "%.\(stepDigits)f", mantissa)) + "×" + powerOfTenLabel(exponent)
            }
        }
        let decimals = step > 0 ? max(0, -Int(floor(log10(step) + 1e-9))) : 0
        return ticks.map { minusSign(String(format: "%.\(decimals)f", $0 == 0 ? 0 : $0)) }
    }

    /// Labels for log ticks: powers of ten as `10ⁿ`, other values plainly.
    public static func logLabels(_ ticks: [Double]) -> [String] {
        let allPowers = ticks.allSatisfy { abs(log10($0) - log10($0).rounded()) < 1e-9 }
        if allPowers { return ticks.map { powerOfTenLabel(Int(log10($0).rounded())) } }
        return ticks.map { compactLabel($0) }
    }

    /// A short label for one value (`0.002`, `5000`, `2×10⁻⁶`).
    public static func compactLabel(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e-4 && a < 1e6 {
            var s = String(format: "%.6g", v)
            if s.contains("e") { s = String(format: "%.6f", v) }
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            return minusSign(s)
        }
        let e = Int(floor(log10(a)))
        let m = v / pow(10, Double(e))
        let mantissa = abs(m - m.rounded()) < 1e-9 ? String(Int(m.rounded())) : String(format: "%.2g", m)
        return minusSign(mantissa) + "×" + powerOfTenLabel(e)
    }

    static func minusSign(_ s: String) -> String {
        s.hasPrefix("-") ? "\u{2212}" + s.dropFirst() : s
    }
}
