import XCTest
import Optim
import Tensors

final class SGDTests: XCTestCase {
    func testPlain() {
        assertPathsMatch(runOptimizer { SGD($0, lr: 0.1) }, Reference.sgd(lr: 0.1))
    }

    func testMomentumFirstStepHasNoDampening() {
        assertPathsMatch(runOptimizer { SGD($0, lr: 0.1, momentum: 0.9, dampening: 0.5) },
                         Reference.sgd(lr: 0.1, momentum: 0.9, dampening: 0.5))
        // The first step is plain SGD whatever the dampening.
        let first = runOptimizer { SGD($0, lr: 0.1, momentum: 0.9, dampening: 0.5) }[0]
        for i in 0..<3 {
            XCTAssertEqual(first[i], Reference.theta0[i] - 0.1 * Reference.gradients[0][i], accuracy: 1e-6)
        }
    }

    func testMomentum() {
        assertPathsMatch(runOptimizer { SGD($0, lr: 0.05, momentum: 0.9) },
                         Reference.sgd(lr: 0.05, momentum: 0.9))
    }

    func testNesterov() {
        assertPathsMatch(runOptimizer { SGD($0, lr: 0.05, momentum: 0.9, nesterov: true) },
                         Reference.sgd(lr: 0.05, momentum: 0.9, nesterov: true))
    }

    func testWeightDecay() {
        assertPathsMatch(runOptimizer { SGD($0, lr: 0.1, momentum: 0.5, weightDecay: 0.1) },
                         Reference.sgd(lr: 0.1, momentum: 0.5, weightDecay: 0.1))
    }

    func testMaximizeNegatesGradientBeforeWeightDecay() {
        assertPathsMatch(runOptimizer { SGD($0, lr: 0.1, momentum: 0.9, weightDecay: 0.1, maximize: true) },
                         Reference.sgd(lr: 0.1, momentum: 0.9, weightDecay: 0.1, maximize: true))
    }
}

final class AdamTests: XCTestCase {
    func testPlain() {
        assertPathsMatch(runOptimizer { Adam($0, lr: 0.01) }, Reference.adam(lr: 0.01))
    }

    func testFirstStepMovesEachCoordinateByLR() {
        // At t = 1, m̂ = g and v̂ = g², so Δθ = −γ·g/(|g| + ε) ≈ −γ·sign(g).
        let first = runOptimizer { Adam($0, lr: 0.01) }[0]
        for i in 0..<3 {
            let g = Reference.gradients[0][i]
            XCTAssertEqual(first[i], Reference.theta0[i] - 0.01 * (g > 0 ? 1 : -1), accuracy: 1e-6)
        }
    }

    func testBetasAndEps() {
        assertPathsMatch(runOptimizer { Adam($0, lr: 0.02, betas: (0.8, 0.9), eps: 1e-3) },
                         Reference.adam(lr: 0.02, betas: (0.8, 0.9), eps: 1e-3))
    }

    func testWeightDecayIsL2ThroughTheMoments() {
        assertPathsMatch(runOptimizer { Adam($0, lr: 0.01, weightDecay: 0.5) },
                         Reference.adam(lr: 0.01, weightDecay: 0.5))
    }

    func testAMSGrad() {
        let ams = runOptimizer { Adam($0, lr: 0.01, betas: (0.9, 0.9), amsgrad: true) }
        assertPathsMatch(ams, Reference.adam(lr: 0.01, betas: (0.9, 0.9), amsgrad: true))
        // The gradients shrink after step 3, so the max matters.
        let plain = Reference.adam(lr: 0.01, betas: (0.9, 0.9))
        XCTAssertGreaterThan(abs(ams[6][0] - plain[6][0]), 1e-4)
    }

    func testMaximize() {
        assertPathsMatch(runOptimizer { Adam($0, lr: 0.01, weightDecay: 0.1, maximize: true) },
                         Reference.adam(lr: 0.01, weightDecay: 0.1, maximize: true))
    }

    func testAdamWDecouplesWeightDecay() {
        let adamW = runOptimizer { AdamW($0, lr: 0.01, weightDecay: 0.5) }
        assertPathsMatch(adamW, Reference.adam(lr: 0.01, weightDecay: 0.5, decoupled: true))
        let adam = Reference.adam(lr: 0.01, weightDecay: 0.5)
        XCTAssertGreaterThan(abs(adamW[6][2] - adam[6][2]), 1e-4)
    }

    func testAdamWDefaultsAndAMSGrad() {
        assertPathsMatch(runOptimizer { AdamW($0) }, Reference.adam(lr: 1e-3, weightDecay: 1e-2, decoupled: true))
        assertPathsMatch(runOptimizer { AdamW($0, lr: 0.01, betas: (0.9, 0.9), amsgrad: true) },
                         Reference.adam(lr: 0.01, betas: (0.9, 0.9), weightDecay: 1e-2,
                                        decoupled: true, amsgrad: true))
    }
}

final class RMSpropTests: XCTestCase {
    func testPlain() {
        assertPathsMatch(runOptimizer { RMSprop($0) }, Reference.rmsprop(lr: 1e-2))
    }

    func testAlphaEpsWeightDecay() {
        assertPathsMatch(runOptimizer { RMSprop($0, lr: 0.01, alpha: 0.9, eps: 1e-3, weightDecay: 0.1) },
                         Reference.rmsprop(lr: 0.01, alpha: 0.9, eps: 1e-3, weightDecay: 0.1))
    }

    func testMomentum() {
        assertPathsMatch(runOptimizer { RMSprop($0, lr: 0.01, momentum: 0.9) },
                         Reference.rmsprop(lr: 0.01, momentum: 0.9))
    }

    func testCentered() {
        assertPathsMatch(runOptimizer { RMSprop($0, lr: 0.01, alpha: 0.9, centered: true) },
                         Reference.rmsprop(lr: 0.01, alpha: 0.9, centered: true))
    }

    func testCenteredMomentumMaximize() {
        assertPathsMatch(runOptimizer {
            RMSprop($0, lr: 0.01, alpha: 0.9, eps: 1e-2, weightDecay: 0.1, momentum: 0.5,
                    centered: true, maximize: true)
        }, Reference.rmsprop(lr: 0.01, alpha: 0.9, eps: 1e-2, weightDecay: 0.1, momentum: 0.5,
                             centered: true, maximize: true))
    }
}

final class AdagradTests: XCTestCase {
    func testPlain() {
        assertPathsMatch(runOptimizer { Adagrad($0, lr: 0.1) }, Reference.adagrad(lr: 0.1))
    }

    func testLRDecay() {
        assertPathsMatch(runOptimizer { Adagrad($0, lr: 0.1, lrDecay: 0.5) },
                         Reference.adagrad(lr: 0.1, lrDecay: 0.5))
    }

    func testInitialAccumulatorWeightDecayEpsMaximize() {
        assertPathsMatch(runOptimizer {
            Adagrad($0, lr: 0.1, weightDecay: 0.2, initialAccumulatorValue: 0.5, eps: 1e-3, maximize: true)
        }, Reference.adagrad(lr: 0.1, weightDecay: 0.2, initialAccumulatorValue: 0.5, eps: 1e-3,
                             maximize: true))
    }
}
