import Foundation
import SpeakerRecognition

/// Wakes idle workers when work arrives, so they need not poll a store that only this process
/// fills. A worker notes ``generation`` before it looks for work and waits only if nothing was
/// signalled since, so no arrival between the look and the wait is missed.
final class WorkSignal: Sendable {
    private struct State {
        var generation = 0
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
        /// Waits woken (by their timer or a cancellation) before they began to wait.
        var wokenEarly: Set<UUID> = []
    }

    private let state = Locked(State())

    var generation: Int { state.withLock { $0.generation } }

    /// Wakes every waiting worker.
    func notify() {
        let waiters = state.withLock { state in
            state.generation += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once a signal comes after `seen`, after `timeout`, or when the task is cancelled.
    func wait(since seen: Int, atMost timeout: Duration) async {
        let id = UUID()
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.wake(id)
        }
        defer {
            timer.cancel()
            state.withLock { _ = $0.wokenEarly.remove(id) }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.generation != seen || state.wokenEarly.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            wake(id)
        }
    }

    private func wake(_ id: UUID) {
        let waiter = state.withLock { state in
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                state.wokenEarly.insert(id)
                return CheckedContinuation<Void, Never>?.none
            }
            return waiter
        }
        waiter?.resume()
    }
}
