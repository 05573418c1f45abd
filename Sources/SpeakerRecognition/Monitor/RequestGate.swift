/// Lets at most `limit` polls be in flight at once, first come first served; a waiter whose
/// task is cancelled leaves the queue at once.
///
/// A lock, not an actor: entering and leaving are on every poll's path, and a free slot costs no hop.
final class RequestGate: Sendable {
    private struct State {
        var inFlight = 0
        var waiting: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID = 0
    }

    private let limit: Int
    private let state = Locked(State())

    init(limit: Int) { self.limit = max(1, limit) }

    func enter() async throws {
        let id: Int? = state.withLock { state in
            guard state.inFlight >= limit else {
                state.inFlight += 1
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Under the lock, so a cancellation either is seen here or finds the waiter queued.
                let admission: Admission = state.withLock { state in
                    if Task.isCancelled { return .refused }
                    if state.inFlight < limit {  // a slot was freed meanwhile
                        state.inFlight += 1
                        return .admitted
                    }
                    state.waiting.append((id, continuation))
                    return .queued
                }
                switch admission {
                case .admitted: continuation.resume()
                case .refused: continuation.resume(throwing: CancellationError())
                case .queued: break  // `leave()` or `cancel(_:)` resumes it
                }
            }
        } onCancel: {
            cancel(id)
        }
    }

    private enum Admission { case admitted, refused, queued }

    func leave() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            if state.waiting.isEmpty {
                state.inFlight -= 1
                return nil
            }
            return state.waiting.removeFirst().continuation  // the slot passes to it
        }
        next?.resume()
    }

    private func cancel(_ id: Int) {
        let removed = state.withLock { state in
            state.waiting.firstIndex { $0.id == id }.map { state.waiting.remove(at: $0).continuation }
        }
        removed?.resume(throwing: CancellationError())
    }
}
