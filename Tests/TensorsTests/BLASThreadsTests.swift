import Foundation
import Tensors
import XCTest

final class BLASThreadsTests: XCTestCase {
    /// A naive product of row-major m×k and k×n matrices.
    func naive(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Float] {
        (0..<m * n).map { ij in (0..<k).reduce(Float(0)) { $0 + a[ij / n * k + $1] * b[$1 * n + ij % n] } }
    }

    func testSmallProductsRunOnOneThreadAndLeaveTheThreadCountAsItWas() {
        let saved = BLAS.threadCount
        defer { BLAS.setThreadCount(saved) }
        BLAS.setThreadCount(2)
        let (m, n, k) = (40, 30, 50)
        XCTAssertLessThan(m * n * k, BLAS.singleThreadedBelow)
        let a = (0..<m * k).map { Float(($0 * 37) % 11) - 5 }, b = (0..<k * n).map { Float(($0 * 17) % 7) - 3 }
        var c = [Float](repeating: .nan, count: m * n)
        BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a, b: b, c: &c)
        XCTAssertEqual(c, naive(a, b, m: m, n: n, k: k))
        XCTAssertEqual(BLAS.threadCount, 2, "the single-threaded product puts OpenBLAS's thread count back")
        XCTAssertFalse(BLAS.isBusy)
    }

    func testWaitUntilIdleReturnsOnlyOnceTheLargeProductHasWrittenItsResult() {
        // 1024³ multiply-adds: tens of milliseconds, long enough for the watcher to see it run.
        let n = 1024
        XCTAssertGreaterThanOrEqual(n * n * n, BLAS.singleThreadedBelow)
        let a = Tensor.rand([n, n]), b = Tensor.rand([n, n]), c = Tensor.full([n, n], .nan)
        let expected = Tensor.zeros([n, n])
        BLAS.sgemm(transposeA: false, transposeB: false, m: n, n: n, k: n,
                   a: a.storage.pointer, b: b.storage.pointer, c: expected.storage.pointer)
        let started = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        let watch = Watch(output: c.storage.pointer, expected: expected.storage.pointer, count: n * n)
        Thread {
            started.signal()
            let deadline = Date().addingTimeInterval(10)
            while !BLAS.isBusy && Date() < deadline {}
            watch.sawBusy = BLAS.isBusy
            BLAS.waitUntilIdle()
            watch.sawWholeResult = (0..<watch.count).allSatisfy { watch.output[$0] == watch.expected[$0] }
            finished.signal()
        }.start()
        started.wait()
        BLAS.sgemm(transposeA: false, transposeB: false, m: n, n: n, k: n,
                   a: a.storage.pointer, b: b.storage.pointer, c: watch.output)
        XCTAssertEqual(finished.wait(timeout: .now() + 20), .success, "waitUntilIdle returned")
        XCTAssertTrue(watch.sawBusy, "a product of \(n * n * n) multiply-adds counts as busy")
        XCTAssertTrue(watch.sawWholeResult, "waitUntilIdle returned before the product had finished C")
        XCTAssertFalse(BLAS.isBusy)
    }
}

/// What the watcher thread saw; read after `finished` is signalled.
private final class Watch: @unchecked Sendable {
    let output: UnsafeMutablePointer<Float>
    let expected: UnsafeMutablePointer<Float>
    let count: Int
    var sawBusy = false
    var sawWholeResult = false
    init(output: UnsafeMutablePointer<Float>, expected: UnsafeMutablePointer<Float>, count: Int) {
        self.output = output
        self.expected = expected
        self.count = count
    }
}
