/// Runs one handler call against its timeout without waiting for a handler that ignores
/// cancellation: whichever ends first decides, the other is cancelled and left behind.
enum HandlerRace {
    enum Outcome: Sendable { case finished, failed(String), timedOut }

    static func run(
        _ handler: any ResultHandler, _ change: StatusChange, timeout: Duration, clock: any PollingClock
    ) async -> Outcome {
        let referee = Referee()
        let work = Task {
            do {
                try await handler.handle(change)
                await referee.decide(.finished)
            } catch {
                await referee.decide(.failed(String(describing: error)))
            }
        }
        let timer = Task {
            do {
                try await clock.sleep(for: timeout)
                await referee.decide(.timedOut)
            } catch {}
        }
        let outcome = await referee.outcome()
        timer.cancel()
        if case .timedOut = outcome { work.cancel() }
        return outcome
    }

    /// Holds the first decision and hands it to the one waiter.
    private actor Referee {
        private var decided: Outcome?
        private var waiter: CheckedContinuation<Outcome, Never>?

        func decide(_ outcome: Outcome) {
            guard decided == nil else { return }
            decided = outcome
            waiter?.resume(returning: outcome)
            waiter = nil
        }

        func outcome() async -> Outcome {
            if let decided { return decided }
            return await withCheckedContinuation { waiter = $0 }
        }
    }
}
