import CSpidModuleGuard
import Foundation

/// The thread of one module instance: runs its calls one at a time, in order, with the crash
/// guard able to catch a fault. A call that never returns keeps this thread, never the caller's.
final class ModuleWorker: Sendable {
    typealias Job = @Sendable () -> Void

    private let queue = JobQueue()

    init(name: String) {
        let queue = self.queue
        let label = "spid-\(name)"
        let thread = Thread {
            Thread.current.name = label  // set here: before start, Linux does not apply it to the thread
            spid_guard_prepare_thread()
            while let job = queue.next() { job() }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Queues a job; `false` once the worker is finished.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool { queue.append(job) }

    /// Ends the thread after the jobs already queued.
    func finish() { queue.close() }

    /// Jobs waiting for the thread.
    private final class JobQueue: @unchecked Sendable {  // @unchecked: `jobs` and `closed` are touched only under `condition`.
        private let condition = NSCondition()
        private var jobs: [Job] = []
        private var closed = false

        func append(_ job: @escaping Job) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            guard !closed else { return false }
            jobs.append(job)
            condition.signal()
            return true
        }

        func close() {
            condition.lock()
            closed = true
            condition.broadcast()
            condition.unlock()
        }

        /// The next job, waiting for one; `nil` when closed and drained.
        func next() -> Job? {
            condition.lock()
            defer { condition.unlock() }
            while jobs.isEmpty && !closed { condition.wait() }
            return jobs.isEmpty ? nil : jobs.removeFirst()
        }
    }
}
