import Dispatch
import SpeakerRecognition

/// One call handed to a module's thread. Whoever comes first decides its outcome: the thread's
/// answer, the time limit, or the host dropping it; later answers are ignored.
final class CallTicket<Value: Sendable>: Sendable {
    enum Outcome: Sendable {
        case returned(Value)
        case timedOut
        case dropped(ModuleError)
    }

    private struct State {
        var outcome: Outcome?
        var waiter: CheckedContinuation<Outcome, Never>?
    }

    private let state = Locked(State())

    /// Settles the ticket; `false` when it was settled already.
    @discardableResult
    func settle(_ outcome: Outcome) -> Bool {
        let (won, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Outcome, Never>?) in
            guard state.outcome == nil else { return (false, nil) }
            state.outcome = outcome
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume(returning: outcome)
        return won
    }

    var isSettled: Bool { state.withLock { $0.outcome != nil } }

    /// Settles the ticket `timedOut` after `limit`, unless it is settled before, and then runs
    /// `expired` right away. The timer runs on a Dispatch queue, not in the Swift concurrency
    /// pool, so it fires on time even when that pool is busy.
    func arm(_ limit: Duration, expired: @escaping @Sendable () -> Void = {}) {
        let (seconds, attoseconds) = limit.components
        let nanoseconds = Int(min(max(seconds, 0), 1_000_000_000)) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
            if settle(.timedOut) { expired() }
        }
    }

    /// Arms the timer now and waits.
    func outcome(within limit: Duration) async -> Outcome {
        arm(limit)
        return await outcome()
    }

    /// Waits for the outcome.
    func outcome() async -> Outcome {
        await withCheckedContinuation { continuation in
            let ready: Outcome? = state.withLock { state in
                if let outcome = state.outcome { return outcome }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
