import Foundation
import XCTest
import Optim
import Tensors

/// Reference implementations of PyTorch's documented update rules, written out
/// in Double straight from the docs' pseudocode, independently of the
/// framework's Float kernels.
enum Reference {
    /// A fixed gradient sequence for a 3-element parameter: large gradients
    /// first, then small ones (so AMSGrad's max matters), with sign changes.
    static let gradients: [[Double]] = (0..<7).map { t in
        (0..<3).map { i in
            let scale = t < 3 ? 2.0 : 0.1
            return Double(Float(Double(i + 1) * cos(1.3 * Double(t) + Double(i)) * scale))
        }
    }
    static let theta0: [Double] = [1.0, -0.5, 2.0]

    static func sgd(lr: Double, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false,
                    weightDecay: Double = 0, maximize: Bool = false) -> [[Double]] {
        var theta = theta0
        var buffer: [Double]? = nil
        var path: [[Double]] = []
        for grad in gradients {
            var g = (0..<3).map { (maximize ? -grad[$0] : grad[$0]) + weightDecay * theta[$0] }
            if momentum != 0 {
                if let b = buffer {
                    buffer = (0..<3).map { momentum * b[$0] + (1 - dampening) * g[$0] }
                } else {
                    buffer = g
                }
                let b = buffer!
                g = nesterov ? (0..<3).map { g[$0] + momentum * b[$0] } : b
            }
            theta = (0..<3).map { theta[$0] - lr * g[$0] }
            path.append(theta)
        }
        return path
    }

    static func adam(lr: Double, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                     weightDecay: Double = 0, decoupled: Bool = false, amsgrad: Bool = false,
                     maximize: Bool = false) -> [[Double]] {
        var theta = theta0
        var m = [0.0, 0, 0], v = [0.0, 0, 0], vMax = [0.0, 0, 0]
        var path: [[Double]] = []
        for (index, grad) in gradients.enumerated() {
            let t = Double(index + 1)
            if decoupled { theta = theta.map { $0 * (1 - lr * weightDecay) } }
            for i in 0..<3 {
                var g = maximize ? -grad[i] : grad[i]
                if !decoupled { g += weightDecay * theta[i] }
                m[i] = betas.0 * m[i] + (1 - betas.0) * g
                v[i] = betas.1 * v[i] + (1 - betas.1) * g * g
                let mHat = m[i] / (1 - pow(betas.0, t))
                vMax[i] = max(vMax[i], v[i])
                let vHat = (amsgrad ? vMax[i] : v[i]) / (1 - pow(betas.1, t))
                theta[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
            path.append(theta)
        }
        return path
    }

    static func rmsprop(lr: Double, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
                        momentum: Double = 0, centered: Bool = false, maximize: Bool = false) -> [[Double]] {
        var theta = theta0
        var v = [0.0, 0, 0], gAve = [0.0, 0, 0], b = [0.0, 0, 0]
        var path: [[Double]] = []
        for grad in gradients {
            for i in 0..<3 {
                let g = (maximize ? -grad[i] : grad[i]) + weightDecay * theta[i]
                v[i] = alpha * v[i] + (1 - alpha) * g * g
                var vTilde = v[i]
                if centered {
                    gAve[i] = gAve[i] * alpha + (1 - alpha) * g
                    vTilde -= gAve[i] * gAve[i]
                }
                if momentum > 0 {
                    b[i] = momentum * b[i] + g / (vTilde.squareRoot() + eps)
                    theta[i] -= lr * b[i]
                } else {
                    theta[i] -= lr * g / (vTilde.squareRoot() + eps)
                }
            }
            path.append(theta)
        }
        return path
    }

    static func adagrad(lr: Double, lrDecay: Double = 0, weightDecay: Double = 0,
                        initialAccumulatorValue: Double = 0, eps: Double = 1e-10,
                        maximize: Bool = false) -> [[Double]] {
        var theta = theta0
        var sum = [Double](repeating: initialAccumulatorValue, count: 3)
        var path: [[Double]] = []
        for (index, grad) in gradients.enumerated() {
            let t = Double(index + 1)
            let clr = lr / (1 + (t - 1) * lrDecay)
            for i in 0..<3 {
                let g = (maximize ? -grad[i] : grad[i]) + weightDecay * theta[i]
                sum[i] += g * g
                theta[i] -= clr * g / (sum[i].squareRoot() + eps)
            }
            path.append(theta)
        }
        return path
    }
}

/// Runs `optimizer` over `Reference.gradients` on a fresh parameter and
/// returns the parameter after each step.
func runOptimizer(_ make: ([Tensor]) -> Optimizer) -> [[Double]] {
    let theta = Tensor(Reference.theta0.map(Float.init), requiresGrad: true)
    let optimizer = make([theta])
    var path: [[Double]] = []
    for grad in Reference.gradients {
        optimizer.zeroGrad()
        theta.grad = Tensor(grad.map(Float.init))
        optimizer.step()
        path.append(theta.scalars.map(Double.init))
    }
    return path
}

/// Float kernels against Double references: relative 2e-6, absolute floor 1e-7.
func assertPathsMatch(_ actual: [[Double]], _ expected: [[Double]],
                      file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, file: file, line: line)
    for (step, (a, e)) in zip(actual, expected).enumerated() {
        for i in a.indices {
            let tolerance = 2e-6 * max(abs(e[i]), 0.05)
            XCTAssertEqual(a[i], e[i], accuracy: tolerance,
                           "step \(step + 1), element \(i)", file: file, line: line)
        }
    }
}
