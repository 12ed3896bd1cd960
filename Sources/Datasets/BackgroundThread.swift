import CMemory
import Foundation

/// One long-lived thread that runs jobs in the order they come, kept off the
/// core of the thread that posts them. Woken on the poster's core (where Linux
/// puts it when OpenBLAS's spinning worker makes the other core look busy), it
/// preempted the poster for up to 0.8 ms per batch here; affinity belongs to a
/// thread, hence one of our own rather than a Dispatch queue.
final class BackgroundThread: @unchecked Sendable {
    static let shared = BackgroundThread()

    private var jobs: [() -> Void] = []
    private let condition = NSCondition()
    private var thread: pthread_t?
    private var avoidedCPU: Int32 = -1

    private init() {
        let thread = Thread { [unowned self] in
            self.condition.lock()
            self.thread = pthread_self()
            self.condition.broadcast()
            self.condition.unlock()
            self.run()
        }
        thread.name = "loader-gather"  // Linux keeps 15 characters of a thread name
        thread.start()
    }

    func async(_ job: @escaping () -> Void) {
        condition.lock()
        while thread == nil { condition.wait() }
        let cpu = current_cpu()
        if cpu != avoidedCPU && keep_thread_off_cpu(thread!, cpu) == 0 { avoidedCPU = cpu }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() -> Never {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
