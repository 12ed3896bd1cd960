import Foundation
import XCTest
import Optim
import Tensors

final class LossSurfaceTests: XCTestCase {
    /// f(a, b) = (a − 1)² + 10·b²: gradient (2(a − 1), 20b).
    func bowl(_ a: Tensor, _ b: Tensor) -> Tensor { (a - 1).square() + 10 * b.square() }

    func testGridLaysRowsAlongYAndColumnsAlongX() {
        let x = [0.0, 1.0, 2.0], y = [-1.0, 0.5]
        let z = LossSurface.grid(x: x, y: y) { a, b in a * 100 + b }
        XCTAssertEqual(z.count, 2)
        XCTAssertEqual(z[0].count, 3)
        for (r, yv) in y.enumerated() {
            for (c, xv) in x.enumerated() { XCTAssertEqual(z[r][c], xv * 100 + yv, accuracy: 1e-5) }
        }
    }

    func testGridEvaluatesAModelOverDataForEveryPoint() {
        // Least squares of y = a·x over three points, vectorised: [G,1] × [1,N] → [G,N] → mean over N.
        let xs = Tensor([1, 2, 3]).reshape(1, 3), ys = Tensor([2, 4, 6]).reshape(1, 3)
        let grid = [0.0, 1.0, 2.0, 3.0]
        let z = LossSurface.grid(x: grid, y: [0.0]) { a, _ in (a * xs - ys).square().mean(dim: 1) }
        for (c, a) in grid.enumerated() {
            let expected = [1.0, 2, 3].map { pow(a * $0 - 2 * $0, 2) }.reduce(0, +) / 3
            XCTAssertEqual(z[0][c], expected, accuracy: 1e-4)
        }
    }

    func testGridBuildsNoGraph() {
        let a = Tensor([1], requiresGrad: true)
        _ = LossSurface.grid(x: [0, 1], y: [0, 1]) { p, q in
            XCTAssertFalse(GradMode.isEnabled)
            return p * a + q
        }
        XCTAssertTrue(GradMode.isEnabled)
    }

    func testPathOfPlainGDMatchesTheClosedForm() {
        let a = Tensor([3], requiresGrad: true), b = Tensor([1], requiresGrad: true)
        let lr = 0.02
        let path = LossSurface.path([a, b], optimizer: SGD([a, b], lr: lr), steps: 5) { _ in self.bowl(a, b).sum() }
        XCTAssertEqual(path.points.count, 6)
        XCTAssertEqual(path.losses.count, 6)
        XCTAssertFalse(path.diverged)
        for k in 0...5 {
            // a − 1 shrinks by (1 − 2γ) per step, b by (1 − 20γ).
            let ak = 1 + 2 * pow(1 - 2 * lr, Double(k)), bk = pow(1 - 20 * lr, Double(k))
            XCTAssertEqual(path.points[k][0], ak, accuracy: 1e-5)
            XCTAssertEqual(path.points[k][1], bk, accuracy: 1e-5)
            XCTAssertEqual(path.losses[k], pow(ak - 1, 2) + 10 * bk * bk, accuracy: 1e-4)
        }
        XCTAssertEqual(path.coordinate(1), path.points.map { $0[1] })
        XCTAssertEqual(path.stepsToReach(path.losses[3]), 3)
        // The parameters end where the path says.
        XCTAssertEqual(Double(a.item()), path.points[5][0], accuracy: 1e-6)
    }

    func testObjectiveSeesTheStepAndReportIsRecorded() {
        let a = Tensor([0], requiresGrad: true)
        var seen: [Int] = []
        let targets: [Float] = [1, -1, 1, -1]
        let path = LossSurface.path([a], optimizer: SGD([a], lr: 0.1), steps: 3,
                                    report: { a.square() + 7 }) { step in
            seen.append(step)
            return (a - targets[step]).square().sum()
        }
        XCTAssertEqual(seen, [0, 1, 2])
        // Reported loss = a² + 7 at each recorded point.
        for (point, loss) in zip(path.points, path.losses) {
            XCTAssertEqual(loss, point[0] * point[0] + 7, accuracy: 1e-5)
        }
        // First step pulls toward +1, second toward −1: a = 0 → 0.2 → 0.2 − 0.1·2·1.2 = −0.04.
        XCTAssertEqual(path.points[1][0], 0.2, accuracy: 1e-6)
        XCTAssertEqual(path.points[2][0], -0.04, accuracy: 1e-6)
    }

    func testDivergenceStopsThePath() {
        let a = Tensor([1], requiresGrad: true), b = Tensor([1], requiresGrad: true)
        // γ = 0.5 > 2/20: b is multiplied by −9 per step and overflows Float.
        let path = LossSurface.path([a, b], optimizer: SGD([a, b], lr: 0.5), steps: 1000) { _ in self.bowl(a, b).sum() }
        XCTAssertTrue(path.diverged)
        XCTAssertLessThan(path.points.count, 1001)
        XCTAssertFalse(path.losses.last!.isFinite && path.points.last!.allSatisfy(\.isFinite))
    }
}
