import CMemory
import Foundation

/// One long-lived thread that runs jobs in the order they come: a serial
/// queue without Dispatch's thread pool, whose wake-ups took up to 0.8 ms here
/// (longer than the work they started).
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
