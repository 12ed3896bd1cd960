import CBLAS
import CMemory
import Foundation

/// How products share the cores with work on other threads.
///
/// OpenBLAS splits a product over all its threads, and between products those
/// threads spin, waiting for the next one. A thread of ours that wants a core
/// (the data loader gathering the next batch) should therefore work between
/// the large products and wait during them; small products are better run on
/// one core anyway.
extension BLAS {
    /// Products of fewer multiply-adds (m·n·k) run on the calling thread alone.
    /// OpenBLAS would split them over every core, which costs more than it saves
    /// at this size (1000×196×10: 0.10–0.31 ms on two threads, 0.12–0.15 ms on
    /// one, on the 2-core machine of BENCHMARKS.md), and it leaves the other
    /// cores to background work.
    public static let singleThreadedBelow = 4_000_000

    /// Whether a product spread over every core is running.
    public static var isBusy: Bool { atomic_load_long(runningCalls) > 0 }

    /// Blocks the calling thread while a product spread over every core runs
    /// on another thread; returns at once otherwise.
    public static func waitUntilIdle() {
        guard isBusy else { return }
        idle.lock()
        defer { idle.unlock() }
        // Announce the wait before looking again: either the ending product sees
        // the announcement and signals, or this thread sees that it ended.
        atomic_add_long(waiters, 1)
        while isBusy { idle.wait() }
        atomic_add_long(waiters, -1)
    }

    @inline(__always)
    static func withThreadPolicy(multiplyAdds: Int, _ product: () -> Void) {
        if multiplyAdds < singleThreadedBelow {
            let threads = openblas_get_num_threads()
            if threads > 1 { openblas_set_num_threads(1) }
            product()
            if threads > 1 { openblas_set_num_threads(threads) }
        } else {
            atomic_add_long(runningCalls, 1)
            product()
            if atomic_add_long(runningCalls, -1) == 0 && atomic_load_long(waiters) > 0 {
                idle.lock()
                idle.broadcast()
                idle.unlock()
            }
        }
    }

    private static let runningCalls = zeroCounter()
    private static let waiters = zeroCounter()
    private static let idle = NSCondition()

    private static func zeroCounter() -> UnsafeMutablePointer<Int> {
        let counter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        counter.initialize(to: 0)
        return counter
    }
}
