// bench-core: sgemm throughput on the course MLP's shapes next to this
// machine's sgemm peak, and element-wise throughput of the framework's ops.
//
//   swift run -c release bench-core
import BenchmarkKit
import Foundation
import Tensors

OpenBLASCore.ensureFastCore()
for line in OpenBLASCore.report { print("# \(line)") }

func gflops(m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false, repeats: Int) -> Double {
    let g = Generator(seed: 1)
    let a = Tensor.randn([m * k], generator: g), b = Tensor.randn([k * n], generator: g)
    let c = Tensor.zeros([m * n])
    let t = medianTime {
        for _ in 0..<repeats {
            BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                       a: a.storage.pointer, b: b.storage.pointer, c: c.storage.pointer)
        }
    }
    return 2 * Double(m * n * k) * Double(repeats) / t / 1e9
}

print("sgemm (OpenBLAS core \(BLAS.coreName))")
let peak = gflops(m: 2048, n: 2048, k: 2048, repeats: 2)
print(String(format: "  %-44@ %8.1f GFLOP/s", "peak: 2048×2048×2048" as NSString, peak))
// The seed MLP 784 → 196 → 10 at batch 1000: the forward products, then the
// backward ones (dW = gᵀ·x, dx = g·W).
let shapes: [(String, Int, Int, Int, Bool, Bool)] = [
    ("forward  x·W1ᵀ   [1000×784]·[784×196]", 1000, 196, 784, false, true),
    ("forward  h·W2ᵀ   [1000×196]·[196×10]", 1000, 10, 196, false, true),
    ("backward dW1=gᵀx [196×1000]·[1000×784]", 196, 784, 1000, true, false),
    ("backward dW2=gᵀh [10×1000]·[1000×196]", 10, 196, 1000, true, false),
    ("backward dh=g·W2 [1000×10]·[10×196]", 1000, 196, 10, false, false),
]
for (name, m, n, k, ta, tb) in shapes {
    let r = gflops(m: m, n: n, k: k, transposeA: ta, transposeB: tb, repeats: 20)
    print(String(format: "  %-44@ %8.1f GFLOP/s  (%3.0f%% of peak)", name as NSString, r, 100 * r / peak))
}

print("element-wise, 10M floats (framework ops, new output each call)")
let n = 10_000_000
let x = Tensor.randn([n], generator: Generator(seed: 2)), y = Tensor.randn([n], generator: Generator(seed: 3))
let ops: [(String, () -> Tensor)] = [
    ("x + y", { x + y }), ("x * 2", { x * 2 }), ("relu(x)", { x.relu() }),
    ("tanh(x)", { x.tanh() }), ("exp(x)", { x.exp() }), ("x.sum()", { x.sum() }),
]
var results: [String] = []
for (name, op) in ops {
    let t = medianTime(runs: 5) { _ = op() }
    print(String(format: "  %-12@ %7.2f ms  %6.2f Gelem/s", name as NSString, t * 1e3, Double(n) / t / 1e9))
    results.append("\(name.replacingOccurrences(of: " ", with: ""))_ms=\(String(format: "%.2f", t * 1e3))")
}
print("peak_gflops=\(String(format: "%.1f", peak)) core=\(BLAS.coreName) " + results.joined(separator: " "))
