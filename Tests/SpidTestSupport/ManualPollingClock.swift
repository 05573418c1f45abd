import Foundation
import SpeakerRecognition

/// A clock that moves only when a test says so, and records every sleep it was asked for.
public final class ManualPollingClock: PollingClock, @unchecked Sendable {  // all state is read and written under `lock`
    private let lock = NSLock()
    private var current = Date(timeIntervalSinceReferenceDate: 800_000_000)
    private var sleepers: [(id: Int, deadline: Date, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID = 0
    private var requested: [Duration] = []

    public init() {}

    public func now() -> Date { lock.withLock { current } }

    /// Every duration passed to ``sleep(for:)``, in order.
    public var sleeps: [Duration] { lock.withLock { requested } }

    /// How many sleeps are waiting for the clock to move.
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    public func sleep(for duration: Duration) async throws {
        let id: Int = lock.withLock {
            nextID += 1
            requested.append(duration)
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = lock.withLock {
                    if Task.isCancelled { return true }
                    sleepers.append((id, current.addingTimeInterval(duration.seconds), continuation))
                    return false
                }
                if resumeNow { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let cancelled: CheckedContinuation<Void, any Error>? = lock.withLock {
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return sleepers.remove(at: index).continuation
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock and wakes every sleeper that is due.
    public func advance(by duration: Duration) {
        let due: [CheckedContinuation<Void, any Error>] = lock.withLock {
            current = current.addingTimeInterval(duration.seconds)
            let ready = sleepers.filter { $0.deadline <= current }
            sleepers.removeAll { $0.deadline <= current }
            return ready.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    /// Waits (real time, at most `timeout` seconds) until `count` sleepers wait; `false` if they never do.
    @discardableResult
    public func waitForSleepers(_ count: Int = 1, timeout: Double = 30) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if sleeperCount >= count { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return false
    }

    /// Waits for a sleeper, then moves the clock to the earliest deadline; `false` if none came.
    @discardableResult
    public func advanceToNextWake(timeout: Double = 30) async -> Bool {
        guard await waitForSleepers(1, timeout: timeout) else { return false }
        let wait: Double = lock.withLock { (sleepers.map(\.deadline).min() ?? current).timeIntervalSince(current) }
        advance(by: .milliseconds(Int64((max(0, wait) * 1000).rounded(.up))))
        return true
    }
}
