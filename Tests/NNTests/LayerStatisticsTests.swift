import XCTest
import NN
import Tensors

/// Per-layer forward and backward variances of deep ReLU networks against the
/// theory (σ²·D/2 per layer), and the bookkeeping of `LayerStatistics`.
final class LayerStatisticsTests: XCTestCase {
    /// K blocks Linear(D, D) + ReLU with zero biases and N(0, σ²) weights.
    func reluNetwork(depth: Int, width: Int, sigma2: Double, seed: UInt64) -> Sequential {
        let g = Generator(seed: seed)
        var layers: [Module] = []
        for _ in 0..<depth {
            let linear = Linear(width, width, generator: g)
            Init.fillNormal(linear.weight, std: sigma2.squareRoot(), generator: g)
            Init.fillZeros(linear.bias!)
            layers += [linear, ReLU()]
        }
        return Sequential(layers)
    }

    func measure(sigma2: Double, seed: UInt64, depth: Int = 50, width: Int = 100, batch: Int = 16) -> LayerStatistics {
        let model = reluNetwork(depth: depth, width: width, sigma2: sigma2, seed: seed)
        let x = Tensor.randn([batch, width], generator: Generator(seed: 10_000 + seed))
        return LayerStatistics(of: model, input: x, generator: Generator(seed: 20_000 + seed))
    }

    /// He (σ² = 2/D) keeps the expected variance: averaged over 64 networks, Var(h_k)
    /// stays within a factor of 2 of Var(h₁) over 50 layers, and so does Var(dL/df_k).
    /// (A single 100-wide network wanders by more: see `testSingleHeNetworksWanderButStayFarFromBadScales`.)
    func testHeKeepsForwardAndBackwardVarianceWithinFactorTwoOverFiftyLayers() {
        let mean = LayerStatistics.mean((0..<64).map { measure(sigma2: 0.02, seed: UInt64($0)) })
        XCTAssertEqual(mean.activations.count, 51)
        for k in 1...50 {
            let r = mean.activations[k] / mean.activations[1]
            XCTAssert(r > 0.5 && r < 2, "He: Var(h_\(k))/Var(h_1) = \(r)")
        }
        for k in 0..<50 {
            let r = mean.gradients[k] / mean.gradients[49]
            XCTAssert(r > 0.5 && r < 2, "He: Var(dL/df_\(k + 1))/Var(dL/df_50) = \(r)")
        }
        // (1 − 1/π)·E[x²]·(σ²D/2) with E[x²] = 1.
        XCTAssertEqual(mean.activations[1], 1 - 1 / Double.pi, accuracy: 0.1)
    }

    func testLargeScaleExplodesAndSmallScaleVanishes() {
        let large = measure(sigma2: 1.0, seed: 1)
        // 50 per layer: Float32 overflows before layer 50 (the values pass 3.4e38 near layer 45).
        let overflow = LayerStatistics.firstOverflow(large.activations)
        XCTAssertNotNil(overflow)
        XCTAssert(overflow! > 30 && overflow! <= 50, "overflow at layer \(overflow!)")
        XCTAssert(large.activations[overflow! - 1] > 1e60)
        XCTAssert(large.activations[overflow!...].allSatisfy { $0 == .infinity }, "overflow must stick")
        XCTAssert(large.gradients.allSatisfy(\.isNaN), "no meaningful backward pass after a forward overflow")

        let small = measure(sigma2: 0.001, seed: 2)
        XCTAssert(small.activations[50] < 1e-50 * small.activations[1], "Var(h_50) = \(small.activations[50])")
        XCTAssert(small.gradients[0] < 1e-50 * small.gradients[49], "Var(dL/df_1) = \(small.gradients[0])")
        XCTAssertGreaterThan(small.activations[50], 0)
    }

    /// The geometric-mean factor per layer matches σ²·D/2 in both passes.
    func testFactorPerLayerMatchesTheory() {
        for (i, sigma2) in [0.001, 0.01, 0.1].enumerated() {
            let s = measure(sigma2: sigma2, seed: UInt64(100 + i), depth: 30, batch: 64)
            let expected = sigma2 * 100 / 2
            let forward = pow(s.activations[30] / s.activations[1], 1.0 / 29)
            let backward = pow(s.gradients[0] / s.gradients[29], 1.0 / 29)
            XCTAssertEqual(forward / expected, 1, accuracy: 0.12, "σ² = \(sigma2): forward factor \(forward)")
            XCTAssertEqual(backward / expected, 1, accuracy: 0.12, "σ² = \(sigma2): backward factor \(backward)")
        }
    }

    func testSingleHeNetworksWanderButStayFarFromBadScales() {
        for seed in UInt64(0)..<8 {
            let s = measure(sigma2: 0.02, seed: 500 + seed, batch: 64)
            let ratios = s.activations.dropFirst().map { $0 / s.activations[1] }
            XCTAssert(ratios.allSatisfy { $0 > 1e-3 && $0 < 1e3 }, "seed \(seed): \(ratios.min()!)…\(ratios.max()!)")
        }
    }

    /// The hook reads dL/df exactly: for one Linear + ReLU and y.backward(g),
    /// dL/df = 𝕀[f > 0] ⊙ g.
    func testGradientsAreTheAutogradOnes() {
        let model = reluNetwork(depth: 1, width: 8, sigma2: 0.5, seed: 3)
        let x = Tensor.randn([5, 8], generator: Generator(seed: 4))
        let g = Tensor.randn([5, 8], generator: Generator(seed: 5))
        let stats = LayerStatistics(of: model, input: x, outputGradient: g)
        let linear = model[0] as! Linear
        let f = noGrad { Tensor.linear(x, weight: linear.weight, bias: linear.bias) }
        let expected = Tensor(shape: f.shape) { out in
            for i in 0..<out.count { out[i] = f.storage.pointer[i] > 0 ? g.storage.pointer[i] : 0 }
        }
        XCTAssertEqual(stats.gradients[0], LayerStatistics.variance(of: expected), accuracy: 1e-9)
        XCTAssertEqual(stats.preActivations[0], LayerStatistics.variance(of: f), accuracy: 1e-9)
        XCTAssertEqual(stats.activations[1], LayerStatistics.variance(of: f.relu()), accuracy: 1e-9)
        XCTAssertEqual(stats.activations[0], LayerStatistics.variance(of: x), accuracy: 1e-9)
    }

    func testParametersGradsAndFlagsAreLeftAsTheyWere() {
        let model = reluNetwork(depth: 3, width: 4, sigma2: 0.5, seed: 6)
        let frozen = model.parameters()[0]
        frozen.requiresGrad = false
        let marked = model.parameters()[2]
        marked.grad = Tensor.full(marked.shape, 7)
        _ = LayerStatistics(of: model, input: Tensor.randn([3, 4]))
        XCTAssertFalse(frozen.requiresGrad)
        XCTAssertEqual(marked.grad!.scalars, Array(repeating: 7, count: marked.count))
        XCTAssertNil(model.parameters()[1].grad)
    }

    func testVarianceIsPopulationVarianceAndFlagsOverflow() {
        XCTAssertEqual(LayerStatistics.variance(of: Tensor([1, 2, 3, 4])), 1.25, accuracy: 1e-12)
        XCTAssertEqual(LayerStatistics.variance(of: Tensor([1, .infinity])), .infinity)
        XCTAssertEqual(LayerStatistics.variance(of: Tensor([.nan, 1])), .infinity)
        // Values whose squares overflow Float32 still have a finite variance in Double.
        XCTAssertEqual(LayerStatistics.variance(of: Tensor([-1e30, 1e30])), 1e60, accuracy: 1e55)
        XCTAssertEqual(LayerStatistics.firstOverflow([1, 2, .infinity, 3]), 2)
        XCTAssertNil(LayerStatistics.firstOverflow([1, 2]))
    }

    func testMeanAveragesLayerByLayer() {
        let a = LayerStatistics(activations: [1, 2], preActivations: [3], gradients: [4])
        let b = LayerStatistics(activations: [3, 4], preActivations: [5], gradients: [.infinity])
        let m = LayerStatistics.mean([a, b])
        XCTAssertEqual(m.activations, [2, 3])
        XCTAssertEqual(m.preActivations, [4])
        XCTAssertEqual(m.gradients, [.infinity])
    }
}
