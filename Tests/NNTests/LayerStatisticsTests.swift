import XCTest
import NN
import Tensors

final class LayerStatisticsTests: XCTestCase {
    /// K blocks Linear(D, D) + ReLU with zero biases and N(0, σ²) weights.
    func reluNetwork(depth: Int, width: Int, sigma2: Double, seed: UInt64) -> Sequential {
        let g = Generator(seed: seed)
        var layers: [Module] = []
        for _ in 0..<depth {
            let linear = Linear(width, width, generator: g)
            Init.normal(linear.weight, std: sigma2.squareRoot(), generator: g)
            Init.zeros(linear.bias!)
            layers += [linear, ReLU()]
        }
        return Sequential(layers)
    }

    func testExplore() {
        for n in [16, 64] {
            for b in [16, 100] {
                for trial in UInt64(0)..<3 {
                    let runs = (0..<n).map { i -> LayerStatistics in
                        let seed = UInt64(i) + 1000 * trial
                        let model = reluNetwork(depth: 50, width: 100, sigma2: 0.02, seed: seed)
                        let x = Tensor.randn([b, 100], generator: Generator(seed: 100_000 + seed))
                        return LayerStatistics(of: model, input: x, generator: Generator(seed: 7 + seed))
                    }
                    let m = LayerStatistics.mean(runs).activations
                    let r = m.dropFirst().map { $0 / m[1] }
                    let g = LayerStatistics.mean(runs).gradients
                    let rg = g.map { $0 / g.last! }
                    print(n, b, trial, "fwd min", r.min()!, "max", r.max()!, "bwd min", rg.min()!, "max", rg.max()!)
                }
            }
        }
    }
}
