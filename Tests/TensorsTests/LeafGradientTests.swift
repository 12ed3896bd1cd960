import XCTest
import Tensors

/// Every leaf owns its `.grad`: the backward pass of `a + b` hands both inputs
/// one gradient tensor, and a leaf that kept that tensor itself would share it
/// with the other, so the next accumulation into one would change both.
final class LeafGradientTests: XCTestCase {
    func testLeavesThatReceiveOneGradientDoNotShareItsBuffer() throws {
        let a = Tensor([1, 2, 3], requiresGrad: true), b = Tensor([4, 5, 6], requiresGrad: true)
        (a + b).sum().backward()
        let gradA = try XCTUnwrap(a.grad), gradB = try XCTUnwrap(b.grad)
        XCTAssertFalse(gradA === gradB, "two leaves hold the same .grad object")
        XCTAssertEqual(gradB.scalars, [1, 1, 1])
        // A second backward accumulates into a's gradient only.
        (a * Tensor([10, 10, 10])).sum().backward()
        XCTAssertEqual(a.grad?.scalars, [11, 11, 11])
        XCTAssertEqual(b.grad?.scalars, [1, 1, 1], "b's gradient changed with a's")
    }

    func testTheSeedGradientIsCopiedToo() {
        let a = Tensor([2, 3], requiresGrad: true)
        let seed = Tensor([1, 1])
        a.backward(seed)
        a.backward(seed)
        XCTAssertEqual(a.grad?.scalars, [2, 2])
        XCTAssertEqual(seed.scalars, [1, 1], "the leaf's .grad is the caller's gradient tensor")
    }
}
