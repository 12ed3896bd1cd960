import XCTest
import NN
import Tensors
import TestSupport

final class DropoutAndStateTests: XCTestCase {
    func testDropoutDropsAboutPAndKeepsTheMean() {
        let d = Dropout(0.3, generator: Generator(seed: 1))
        let y = d(Tensor.ones([100_000]))
        let zeros = y.scalars.filter { $0 == 0 }.count
        XCTAssertEqual(Double(zeros) / 100_000, 0.3, accuracy: 0.01)
        XCTAssertEqual(y.mean().item(), 1, accuracy: 0.02)
        XCTAssertTrue(y.scalars.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / 0.7) < 1e-6 })
    }

    func testDropoutIsIdentityInEval() {
        let d = Dropout(0.5)
        d.eval()
        let x = Tensor.rand([50])
        XCTAssertEqual(d(x).scalars, x.scalars)
    }

    func testDropoutGradientUsesTheSameMask() {
        let x = Tensor.rand([1000], requiresGrad: true)
        let y = Dropout(0.5, generator: Generator(seed: 3))(x)
        y.sum().backward()
        XCTAssertEqual(x.grad!.scalars.map { $0 == 0 }, y.scalars.map { $0 == 0 })
    }

    func testStateDictRoundTrip() throws {
        let a = SeedNet(), b = SeedNet()
        try b.loadStateDict(a.stateDict())
        let x = Tensor.rand([4, 3])
        XCTAssertEqual(a(x).scalars, b(x).scalars)
    }

    func testStrictLoadNamesMissingUnexpectedAndMismatchedKeys() {
        let net = SeedNet()
        var state = net.stateDict().filter { $0.name != "layers.0.bias" }
        state.append((name: "layers.9.weight", tensor: Tensor.zeros([1])))
        XCTAssertThrowsError(try net.loadStateDict(state)) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("Missing key(s) in state_dict: \"layers.0.bias\""), text)
            XCTAssertTrue(text.contains("Unexpected key(s) in state_dict: \"layers.9.weight\""), text)
        }
        let nonStrict = try? net.loadStateDict(state, strict: false)
        XCTAssertEqual(nonStrict?.missingKeys, ["layers.0.bias"])
        XCTAssertEqual(nonStrict?.unexpectedKeys, ["layers.9.weight"])

        let wrong = net.stateDict().map { $0.name == "layers.2.weight" ? (name: $0.name, tensor: Tensor.zeros([2, 5])) : $0 }
        XCTAssertThrowsError(try net.loadStateDict(wrong)) { error in
            XCTAssertTrue(String(describing: error).contains(
                "size mismatch for layers.2.weight: copying a param with shape [2, 5] from checkpoint, the shape in current model is [2, 4]."))
        }
    }

    func testL2PenaltyIsMuTimesSumOfSquares() {
        let p = [Tensor([1, 2]), Tensor([3])]
        XCTAssertEqual(l2Penalty(p, strength: 0.5).item(), 0.5 * 14)
    }
}
