// The deep networks of lesson 03 and the initialisation schemes it compares.
import Course
import Foundation

enum Activation: String, CaseIterable, OptionValue {
    case relu, tanh
    func module() -> Module { self == .relu ? ReLU() : Tanh() }
}

/// Linear(widths[k], widths[k+1]) + activation for k = 0…K−1, biases zero,
/// every weight set by `initialize` (which sees the layer, so fans are known).
func deepNetwork(widths: [Int], activation: Activation, generator: Generator,
                 initialize: (Linear, Generator) -> Void) -> Sequential {
    var layers: [Module] = []
    for k in 0..<(widths.count - 1) {
        let linear = Linear(widths[k], widths[k + 1], generator: generator)
        initialize(linear, generator)
        Init.fillZeros(linear.bias!)
        layers += [linear, activation.module()]
    }
    return Sequential(layers)
}

/// Weights from N(0, σ²) with one σ² for every layer (the sweep).
func normalInit(_ sigma2: Double) -> (Linear, Generator) -> Void {
    { layer, g in Init.fillNormal(layer.weight, std: sigma2.squareRoot(), generator: g) }
}

/// An initialisation scheme as the lesson names it, with its variance formula and the framework call.
struct Scheme {
    let name: String
    let formula: String
    let call: String
    let variance: (_ fanIn: Int, _ fanOut: Int) -> Double
    let initialize: (Linear, Generator) -> Void
}

let schemes: [Scheme] = [
    Scheme(name: "He fan_in", formula: "2/D_in", call: "Init.fillKaimingNormal(w, nonlinearity: .relu)",
           variance: { i, _ in 2 / Double(i) },
           initialize: { l, g in Init.fillKaimingNormal(l.weight, mode: .fanIn, nonlinearity: .relu, generator: g) }),
    Scheme(name: "He fan_out", formula: "2/D_out", call: "Init.fillKaimingNormal(w, mode: .fanOut, nonlinearity: .relu)",
           variance: { _, o in 2 / Double(o) },
           initialize: { l, g in Init.fillKaimingNormal(l.weight, mode: .fanOut, nonlinearity: .relu, generator: g) }),
    Scheme(name: "4/(D_in+D_out)", formula: "4/(D_in+D_out)", call: "Init.fillXavierNormal(w, gain: Init.calculateGain(.relu))",
           variance: { i, o in 4 / Double(i + o) },
           initialize: { l, g in Init.fillXavierNormal(l.weight, gain: Init.calculateGain(.relu), generator: g) }),
    Scheme(name: "Xavier normal", formula: "2/(D_in+D_out)", call: "Init.fillXavierNormal(w)",
           variance: { i, o in 2 / Double(i + o) },
           initialize: { l, g in Init.fillXavierNormal(l.weight, generator: g) }),
    Scheme(name: "Xavier uniform", formula: "d²/3, d = √(6/(D_in+D_out))", call: "Init.fillXavierUniform(w)",
           variance: { i, o in 2 / Double(i + o) },
           initialize: { l, g in Init.fillXavierUniform(l.weight, generator: g) }),
    Scheme(name: "LeCun 1/D_in", formula: "1/D_in", call: "Init.fillKaimingNormal(w, nonlinearity: .linear)",
           variance: { i, _ in 1 / Double(i) },
           initialize: { l, g in Init.fillKaimingNormal(l.weight, mode: .fanIn, nonlinearity: .linear, generator: g) }),
]

/// "0.001,0.01,2/D,1" → values; `2/D` (or `he`) means He's 2/width. Nil on a bad token.
func parseSigma2List(_ text: String, width: Int) -> [Double]? {
    var values: [Double] = []
    for token in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
        let value: Double
        if token == "2/d" || token == "he" { value = 2 / Double(width) }
        else if let v = Double(token), v > 0, v.isFinite { value = v }
        else { return nil }
        if !values.contains(where: { abs($0 - value) <= 1e-12 * value }) { values.append(value) }
    }
    return values.isEmpty ? nil : values.sorted()
}

/// A variance for the tables: 3 significant digits, or "overflow" / "—".
func sci(_ v: Double, overflow: String) -> String {
    if v.isNaN { return "—" }
    if !v.isFinite { return overflow }
    if v == 0 { return "0" }
    if v >= 0.01 && v < 1000 { return String(format: "%.3g", v) }
    return String(format: "%.2e", v)
}

/// Geometric mean of the per-layer factor over the finite stretch of `values`
/// (from index `from` to the last finite value): (v_j / v_from)^(1/(j − from)).
func perLayerFactor(_ values: [Double], from: Int) -> Double {
    guard let last = values.indices.last(where: { $0 > from && values[$0].isFinite && values[$0] > 0 }),
          values[from] > 0, values[from].isFinite else { return .nan }
    return Foundation.exp(Foundation.log(values[last] / values[from]) / Double(last - from))
}

/// Keeps a theory curve inside the range Float32 numbers can have as variances
/// (values between ~1e−38 and ~3e38, so variances between 1e−76 and 1e76).
func clippedToFloatRange(_ values: [Double]) -> [Double] {
    values.map { $0 > 1e76 || $0 < 1e-76 ? .nan : $0 }
}

/// 100000 → "100 000" with a narrow no-break space (Russian) or "100,000" (English).
func grouped(_ n: Int, _ separator: String) -> String {
    let digits = Array(String(n))
    return stride(from: digits.count, to: 0, by: -3).reversed()
        .map { String(digits[max(0, $0 - 3)..<$0]) }.joined(separator: separator)
}
