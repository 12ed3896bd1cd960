import Foundation
import XCTest
import Tensors

final class TensorTests: XCTestCase {
    func testBroadcastShapes() {
        XCTAssertEqual(broadcastShape([3, 1, 4], [2, 1]), [3, 2, 4])
        XCTAssertEqual(broadcastShape([], [2, 3]), [2, 3])
    }

    func testBroadcastAddValues() {
        let a = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let b = Tensor([10, 20, 30])
        XCTAssertEqual((a + b).scalars, [11, 22, 33, 14, 25, 36])
        let c = Tensor([100, 200], shape: [2, 1])
        XCTAssertEqual((a + c).scalars, [101, 102, 103, 204, 205, 206])
    }

    func testMatmulMatchesNaive() {
        let g = Generator(seed: 3)
        let a = Tensor.randn([7, 5], generator: g), b = Tensor.randn([5, 3], generator: g)
        let c = a.matmul(b)
        for i in 0..<7 { for j in 0..<3 {
            let expected = (0..<5).reduce(Float(0)) { $0 + a[i, $1] * b[$1, j] }
            XCTAssertEqual(c[i, j], expected, accuracy: 1e-5)
        } }
        let ct = Tensor.matmul(a.t(), b, transposeA: true)
        XCTAssertEqual(ct.scalars, c.scalars)
    }

    func testLinearIsXWtPlusB() {
        let x = Tensor(rows: [[1, 2], [3, 4]]), w = Tensor(rows: [[1, 0], [0, 1], [1, 1]]), b = Tensor([0.5, -1, 0])
        XCTAssertEqual(Tensor.linear(x, weight: w, bias: b).scalars, [1.5, 1, 3, 3.5, 3, 7])
    }

    func testGradientAccumulatesLikePyTorch() {
        let x = Tensor([1, 2, 3], requiresGrad: true)
        (x * 2).sum().backward()
        (x * 3).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [5, 5, 5])
        x.zeroGrad()
        XCTAssertNil(x.grad)
    }

    func testNoGradRecordsNothing() {
        let x = Tensor([1, 2], requiresGrad: true)
        let y = noGrad { x * 2 }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertNil(y.gradFn)
    }

    func testRetainGradAndHooksOnIntermediates() {
        let x = Tensor([1, -2, 3], requiresGrad: true)
        let f = x * 2
        f.retainGrad()
        var hooked: [Float] = []
        f.registerHook { hooked = $0.scalars }
        f.relu().sum().backward()
        XCTAssertEqual(f.grad?.scalars, [1, 0, 1])
        XCTAssertEqual(hooked, [1, 0, 1])
        XCTAssertEqual(x.grad?.scalars, [2, 0, 2])
    }

    func testDeepGraphDoesNotOverflowTheStack() {
        let x = Tensor([1], requiresGrad: true)
        var y = x
        for _ in 0..<20_000 { y = y * 1 }
        y.sum().backward()
        XCTAssertEqual(x.grad?.item(), 1)
    }

    func testReductionsAndArgmax() {
        let t = Tensor(rows: [[1, 5, 2], [7, 0, 3]])
        XCTAssertEqual(t.sum(dim: 0).scalars, [8, 5, 5])
        XCTAssertEqual(t.sum(dim: 1).scalars, [8, 10])
        XCTAssertEqual(t.mean().item(), 3)
        XCTAssertEqual(t.argmax(dim: 1), [1, 0])
        XCTAssertEqual(t.max().item(), 7)
        XCTAssertEqual(t.min().item(), 0)
        XCTAssertEqual(t.sum(dim: 1, keepDim: true).shape, [2, 1])
    }

    func testSoftmaxIsStableForHugeLogits() {
        let t = Tensor(rows: [[1000, 1000, -1000]])
        let s = t.softmax(dim: 1).scalars
        XCTAssertEqual(s[0], 0.5, accuracy: 1e-6)
        XCTAssertEqual(s[2], 0, accuracy: 1e-6)
        let loss = Tensor.crossEntropy(t, [2]).item()
        XCTAssertEqual(loss, 2000 + log(2), accuracy: 1e-2)
    }

    func testCrossEntropyMatchesDefinition() {
        let logits = Tensor(rows: [[2, 1, 0.1], [0.5, 2.5, 0.3]])
        let p = logits.softmax(dim: 1)
        let expected = -(log(p[0, 0]) + log(p[1, 1])) / 2
        XCTAssertEqual(Tensor.crossEntropy(logits, [0, 1]).item(), expected, accuracy: 1e-6)
    }

    func testGeneratorIsReproducible() {
        let a = Tensor.randn([100], generator: Generator(seed: 7)).scalars
        let b = Tensor.randn([100], generator: Generator(seed: 7)).scalars
        let c = Tensor.randn([100], generator: Generator(seed: 8)).scalars
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        let p = Generator(seed: 1).permutation(50)
        XCTAssertEqual(p.sorted(), Array(0..<50))
    }

    func testGeneratorMoments() {
        let n = Tensor.randn([200_000], mean: 1, std: 2, generator: Generator(seed: 11))
        XCTAssertEqual(n.mean().item(), 1, accuracy: 0.02)
        XCTAssertEqual(n.variance().item(), 4, accuracy: 0.06)
        let u = Tensor.rand([200_000], low: -1, high: 3, generator: Generator(seed: 12))
        XCTAssertEqual(u.mean().item(), 1, accuracy: 0.02)
        XCTAssertEqual(u.variance().item(), 16.0 / 12, accuracy: 0.02)
        XCTAssertGreaterThanOrEqual(u.min().item(), -1)
        XCTAssertLessThan(u.max().item(), 3)
    }

    func testDescriptionLooksLikePyTorch() {
        XCTAssertEqual(Tensor(rows: [[1, 2], [3, 4]]).description, "tensor([[1., 2.],\n        [3., 4.]])")
        let w = Tensor([0.5, 1.25], requiresGrad: true)
        XCTAssertEqual(w.description, "tensor([0.5000, 1.2500], requires_grad=True)")
        XCTAssertTrue((w * 2).description.hasSuffix("grad_fn=<MulBackward0>)"))
    }

    func testReshapeSharesStorage() {
        let a = Tensor([1, 2, 3, 4])
        let b = a.reshape(2, -1)
        b[1, 1] = 9
        XCTAssertEqual(a.scalars, [1, 2, 3, 9])
        XCTAssertEqual(b.shape, [2, 2])
    }

    func testOutputsWithoutBackwardAreFreed() {
        // A forward pass that never calls backward() must not leak its graph.
        let x = Tensor([1, 2, 3], requiresGrad: true)
        weak var weakOutput: Tensor?
        for make in [{ x.tanh() }, { x.sigmoid() }, { x.exp() }, { x.softmax() }, { x.logSoftmax() }] {
            do {
                let y = make()
                weakOutput = y
                XCTAssertNotNil(weakOutput)
            }
            XCTAssertNil(weakOutput, "an op's output is kept alive by its own gradFn")
        }
    }

    func testOpenBLASSelfCheckPassesAndReportsCore() {
        XCTAssertFalse(BLAS.coreName.isEmpty)
    }
}
