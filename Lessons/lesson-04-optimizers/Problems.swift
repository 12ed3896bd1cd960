// The two small problems of lesson 04, the Adam variants it compares with
// PyTorch's, and the drawing of paths over a loss surface.
import Course
import Foundation

/// Noisy samples of a Gabor-like function, fitted by least squares in two
/// parameters (Prince, "Understanding Deep Learning", notebooks 6.2–6.4):
///
///     f(x; φ₀, φ₁) = sin(z)·exp(−z²/32),   z = φ₀ + 0.06·φ₁·x
///
/// The data set is fixed (its own generator), so the landscape is the same in
/// every run; `--seed` changes only the mini-batches.
struct GaborProblem {
    static let truth = (phi0: 0.0, phi1: 16.0)
    static let noise: Float = 0.15
    let x: [Float]
    let y: [Float]
    var count: Int { x.count }

    init(count: Int = 40) {
        let g = Generator(seed: 2024)
        x = (0..<count).map { _ in -15 + 30 * g.nextUniform() }
        y = x.map { GaborProblem.model($0, Float(GaborProblem.truth.phi0), Float(GaborProblem.truth.phi1)) + GaborProblem.noise * g.nextNormal() }
    }

    static func model(_ x: Float, _ phi0: Float, _ phi1: Float) -> Float {
        let z = phi0 + 0.06 * phi1 * x
        return Foundation.sin(z) * Foundation.exp(-z * z / 32)
    }

    /// Per-row loss for parameters of shape [G, 1] on the examples `indices`
    /// (all when nil): `mean` over the examples as PyTorch's MSELoss, or `sum` as the original notebook's formulas.
    func loss(_ phi0: Tensor, _ phi1: Tensor, indices: [Int]? = nil, sum: Bool = false) -> Tensor {
        let xs = indices.map { $0.map { x[$0] } } ?? x, ys = indices.map { $0.map { y[$0] } } ?? y
        let xb = Tensor(xs, shape: [1, xs.count]), yb = Tensor(ys, shape: [1, ys.count])
        let z = phi0 + 0.06 * phi1 * xb
        let f = z.sin() * (z.square() * (-1.0 / 32)).exp()
        let squared = (f - yb).square()
        return sum ? squared.sum(dim: 1) : squared.mean(dim: 1)
    }

    /// The scalar loss of two [1]-shaped parameter tensors (what `backward` is called on).
    func loss(of p: [Tensor], indices: [Int]? = nil, sum: Bool = false) -> Tensor {
        loss(p[0].reshape(1, 1), p[1].reshape(1, 1), indices: indices, sum: sum).sum()
    }
}

/// Least squares y ≈ φ₀·x₀ + φ₁·x₁ with a large feature x₀ and a small one x₁:
/// the loss is steep along φ₀ and shallow along φ₁ (Hessian ≈ diag(2σ₀², 2σ₁²)).
struct ScaleProblem {
    static let truth = (phi0: 0.5, phi1: 1.0)
    static let scales: (Float, Float) = (2.0, 0.25)
    let x0: [Float]
    let x1: [Float]
    let y: [Float]
    var count: Int { y.count }

    init(count: Int = 200) {
        let g = Generator(seed: 77)
        let a = (0..<count).map { _ in ScaleProblem.scales.0 * g.nextNormal() }
        let b = (0..<count).map { _ in ScaleProblem.scales.1 * g.nextNormal() }
        x0 = a
        x1 = b
        y = (0..<count).map { i in
            Float(ScaleProblem.truth.phi0) * a[i] + Float(ScaleProblem.truth.phi1) * b[i] + 0.3 * g.nextNormal()
        }
    }

    func loss(_ phi0: Tensor, _ phi1: Tensor) -> Tensor {
        let a = Tensor(x0, shape: [1, count]), b = Tensor(x1, shape: [1, count]), t = Tensor(y, shape: [1, count])
        return (phi0 * a + phi1 * b - t).square().mean(dim: 1)
    }

    func loss(of p: [Tensor]) -> Tensor { loss(p[0].reshape(1, 1), p[1].reshape(1, 1)).sum() }

    /// H = 2·E[x xᵀ] (the loss is exactly quadratic) and b = 2·E[x y], in Double.
    var hessian: [[Double]] {
        var h = [[0.0, 0.0], [0.0, 0.0]]
        for i in 0..<count {
            let v = [Double(x0[i]), Double(x1[i])]
            for r in 0..<2 { for c in 0..<2 { h[r][c] += 2 * v[r] * v[c] / Double(count) } }
        }
        return h
    }
    var crossTerm: [Double] {
        var b = [0.0, 0.0]
        for i in 0..<count {
            b[0] += 2 * Double(x0[i]) * Double(y[i]) / Double(count)
            b[1] += 2 * Double(x1[i]) * Double(y[i]) / Double(count)
        }
        return b
    }

    /// The minimiser of loss + (λ/2)·‖φ‖² (λ = 0: plain least squares): (H + λI)φ = b.
    func ridgeSolution(lambda: Double) -> [Double] {
        let h = hessian, b = crossTerm
        let a = h[0][0] + lambda, d = h[1][1] + lambda, c = h[0][1]
        let det = a * d - c * c
        return [(d * b[0] - c * b[1]) / det, (a * b[1] - c * b[0]) / det]
    }

    /// The eigenvalues of H, largest first.
    var hessianEigenvalues: (Double, Double) {
        let h = hessian
        let mean = (h[0][0] + h[1][1]) / 2, diff = (h[0][0] - h[1][1]) / 2
        let r = (diff * diff + h[0][1] * h[0][1]).squareRoot()
        return (mean + r, mean - r)
    }
}

/// Adam as the original notebook writes it, or without bias correction — the two
/// variants the lesson compares with PyTorch's `Adam`. Not for training.
///
///     .notebook:            m ← [β₁m + (1−β₁)g] / (1−β₁ᵗ),  v ← [β₂v + (1−β₂)g²] / (1−β₂ᵗ),  θ ← θ − γ·m / √(v + ε)
///     .noBiasCorrection:    m ← β₁m + (1−β₁)g,              v ← β₂v + (1−β₂)g²,              θ ← θ − γ·m / (√v + ε)
final class AdamVariant: Optimizer {
    enum Kind { case notebook, noBiasCorrection }
    var paramGroups: [ParameterGroup]
    let kind: Kind
    let beta1: Double, beta2: Double, eps: Double
    private(set) var m: [[Double]]
    private(set) var v: [[Double]]
    private(set) var t = 0
    /// The largest |m| seen, and the first step at which v stopped being finite (notebook variant).
    private(set) var largestM = 0.0
    private(set) var largestMStep = 0
    private(set) var overflowStep: Int?

    init(_ parameters: [Tensor], kind: Kind, lr: Double, betas: (Double, Double), eps: Double = 1e-8) {
        paramGroups = [ParameterGroup(parameters: parameters, lr: lr)]
        self.kind = kind
        (beta1, beta2) = betas
        self.eps = eps
        m = parameters.map { Array(repeating: 0, count: $0.count) }
        v = m
    }

    func step() {
        t += 1
        let lr = paramGroups[0].lr
        for (k, p) in paramGroups[0].parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let g = grad.scalars.map(Double.init)
            var theta = p.scalars.map(Double.init)
            for i in theta.indices {
                m[k][i] = beta1 * m[k][i] + (1 - beta1) * g[i]
                v[k][i] = beta2 * v[k][i] + (1 - beta2) * g[i] * g[i]
                switch kind {
                case .notebook:
                    m[k][i] /= 1 - Foundation.pow(beta1, Double(t))
                    v[k][i] /= 1 - Foundation.pow(beta2, Double(t))
                    theta[i] -= lr * m[k][i] / (v[k][i] + eps).squareRoot()
                    if Swift.abs(m[k][i]) > largestM { largestM = Swift.abs(m[k][i]); largestMStep = t }
                    if !v[k][i].isFinite && overflowStep == nil { overflowStep = t }
                case .noBiasCorrection:
                    theta[i] -= lr * m[k][i] / (v[k][i].squareRoot() + eps)
                }
            }
            p.withUnsafeMutableBufferPointer { b in for i in theta.indices { b[i] = Float(theta[i]) } }
        }
    }
}

/// Viridis washed out, so coloured paths stand out on the filled contours.
let paleViridis = Colormap(name: "viridis_pale", anchors: Colormap.viridis.anchors.map { $0.lighter(0.45) })

/// Filled contours of a loss grid with optimizer paths on top: a line with
/// small dots at every step, a ring at the start and a filled dot at the end.
func drawPaths(on ax: Axes, x: [Double], y: [Double], z: [[Double]], levels: ContourLevels,
               paths: [(label: String?, path: LossSurface.Path, color: Color)], markEvery: Bool = true) {
    ax.contourf(x: x, y: y, z: z, levels: levels, colormap: paleViridis)
    for (label, path, color) in paths {
        let px = path.coordinate(0), py = path.coordinate(1)
        ax.plot(x: px, y: py, label: label, color: color, lineWidth: 1.5)
        if markEvery { ax.scatter(x: px, y: py, color: color, size: 3.2, alpha: 1) }
        if let last = path.points.last {
            ax.scatter(x: [last[0]], y: [last[1]], color: color, size: 8)
        }
    }
    if let start = paths.first?.path.points.first {
        ax.scatter(x: [start[0]], y: [start[1]], color: .white, size: 10)
        ax.scatter(x: [start[0]], y: [start[1]], color: .text, size: 5)
    }
    ax.xlim = (x.first!, x.last!)
    ax.ylim = (y.first!, y.last!)
    ax.xlabel = "φ_0"
    ax.ylabel = "φ_1"
}

/// Evenly spaced values from `lo` to `hi`, `count` of them.
func linspace(_ lo: Double, _ hi: Double, _ count: Int) -> [Double] {
    (0..<count).map { lo + (hi - lo) * Double($0) / Double(count - 1) }
}

/// A number with `digits` significant digits, without exponent noise for ordinary sizes.
func fmt(_ x: Double, _ digits: Int = 4) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    if x != 0 && (Swift.abs(x) < 1e-3 || Swift.abs(x) >= 1e6) { return String(format: "%.\(max(digits - 1, 1))e", x) }
    let magnitude = Swift.abs(x)
    guard magnitude >= 1 else { return String(format: "%.\(digits)g", x) }
    // Whole digits are never cut off (3950, not 3.95e+03); trailing zeros are.
    let decimals = max(0, digits - (Int(Foundation.log10(magnitude)) + 1))
    var text = String(format: "%.\(decimals)f", x)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text
}

/// «раз» agreeing with a printed number: «в 40 раз», «в 2 раза», «в 80.9 раза»
/// (after a fraction Russian takes the genitive singular).
func timesRU(_ printed: String) -> String {
    guard let whole = Int(printed) else { return "раза" }
    return russianPlural(whole, "раз", "раза", "раз")
}
