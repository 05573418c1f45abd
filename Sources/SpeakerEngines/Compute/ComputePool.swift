import Foundation
import SpeakerRecognition

#if canImport(Glibc)
import Glibc
#endif

/// Threads of its own for the engines' arithmetic.
///
/// An analysis keeps every core busy for as long as it lasts. Run on Swift concurrency's pool or
/// on Dispatch's queues, it takes the few threads that also answer requests (on Linux they draw
/// from one thread pool), and a cheap poll waits behind it. On these threads it only takes CPU
/// time, which the system shares with everything else. The threads can also run at a lower
/// priority (`nice`), so that requests take the cores first when both want them.
///
/// A service makes one pool and keeps it; its threads end when the pool is released.
public final class ComputePool: Sendable {
    /// The pool for work not started on any pool: one thread per core, at normal priority.
    public static let shared = ComputePool(threads: ProcessInfo.processInfo.activeProcessorCount, nice: 0)

    /// The pool whose thread is running this code, or ``shared``: engines spread their own work
    /// over the pool (and priority) their caller chose.
    public static var current: ComputePool {
        guard let member = pthread_getspecific(membershipKey) else { return shared }
        return Unmanaged<Membership>.fromOpaque(member).takeUnretainedValue().pool ?? shared
    }

    /// How many threads run work at once.
    public let threadCount: Int
    /// Queued work; `nil` tells one thread to end.
    private let jobs = Locked<[(@Sendable () -> Void)?]>([])
    private let waiting = DispatchSemaphore(value: 0)

    /// Where each pool thread keeps its ``Membership`` (unretained: the thread's closure holds it).
    private static let membershipKey: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-specific key left for the compute pool")
        return key
    }()

    /// Which pool a thread belongs to, held weakly so the threads do not keep their pool alive.
    private final class Membership: Sendable {
        private let reference = Locked<Weak>(Weak())
        var pool: ComputePool? { reference.withLock { $0.pool } }
        func set(_ pool: ComputePool) { reference.withLock { $0.pool = pool } }
        struct Weak { weak var pool: ComputePool? }
    }

    /// Starts `threads` threads that lower their own priority by `nice` (0 keeps it), named
    /// `label-N` (the system keeps 15 characters).
    public init(threads: Int, nice: Int32, label: String = "spid-compute") {
        threadCount = max(1, threads)
        let membership = Membership()
        for number in 0..<threadCount {
            let thread = Thread { [jobs, waiting] in
                pthread_setspecific(Self.membershipKey, Unmanaged.passUnretained(membership).toOpaque())
                #if canImport(Glibc)
                // Linux keeps a nice value per thread: this lowers only the pool's threads,
                // from wherever the process's own priority is.
                if nice > 0 {
                    let which = __priority_which_t(PRIO_PROCESS.rawValue)
                    _ = setpriority(which, 0, min(getpriority(which, 0) + nice, 19))
                }
                // The name `top -H`, `ps -L` and debuggers show (a thread starts with its creator's).
                try? "\(label)-\(number)".write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
                #endif
                while true {
                    waiting.wait()
                    guard let job = jobs.withLock({ $0.removeFirst() }) else { return }
                    job()
                }
            }
            thread.start()
        }
        membership.set(self)
    }

    /// Work already queued still runs; then the threads end.
    deinit {
        jobs.withLock { $0.append(contentsOf: Array(repeating: nil, count: threadCount)) }
        for _ in 0..<threadCount { waiting.signal() }
    }

    /// The value of `work`, computed on the pool.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            enqueue { continuation.resume(returning: work()) }
        }
    }

    /// Calls `body` once for each index in `0..<iterations`, spread over the pool, and returns
    /// when all are done. The calling thread takes part, so this never waits for a free thread
    /// and may be called from work already on the pool.
    public func forEach(_ iterations: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard iterations > 0 else { return }
        let progress = Locked((next: 0, finished: 0))
        let done = DispatchSemaphore(value: 0)
        @Sendable func drain() {
            while let index = progress.withLock({ state -> Int? in
                guard state.next < iterations else { return nil }
                defer { state.next += 1 }
                return state.next
            }) {
                body(index)
                if progress.withLock({ state -> Bool in
                    state.finished += 1
                    return state.finished == iterations
                }) {
                    done.signal()
                }
            }
        }
        for _ in 1..<min(threadCount, iterations) { enqueue(drain) }
        drain()
        done.wait()
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.append(job) }
        waiting.signal()
    }
}
