import Foundation

/// One operation polled to its end by a ``PollingPolicy``'s rules: the loop that both
/// ``OperationMonitor`` and ``SpeakerRecognitionClient/waitForCompletion(at:policy:clock:)`` run.
///
/// It runs on no actor: a watch's polls, sleeps and retries touch shared state only when it
/// reports a step, so a poll costs one hop to the monitor, not one per `await`.
struct PollingLoop: Sendable {
    let client: SpeakerRecognitionClient
    let policy: PollingPolicy
    let clock: any PollingClock
    /// Bounds the polls in flight across watches; `nil` for a lone wait.
    let gate: RequestGate?

    /// What the loop tells its owner along the way.
    enum Step: Sendable {
        /// A poll succeeded (every poll, changed or not).
        case observed(OperationSnapshot)
        /// A poll failed and will be tried again after `delay`.
        case retrying(attempt: Int, delay: Duration, error: SpidError)
    }

    /// How a loop ended.
    enum Ending: Sendable {
        /// The operation reached `succeeded` or `failed`.
        case ended(OperationSnapshot)
        /// A poll failed for good (not retryable, or retries used up).
        case failed(SpidError)
        /// The task was cancelled; `last` is the latest snapshot seen.
        case cancelled(last: OperationSnapshot?)
        /// The policy's maximum wait passed; `last` is the latest snapshot seen.
        case timedOut(Duration, last: OperationSnapshot?)
    }

    /// Polls `location` until it ends; `report` hears each step before the loop goes on.
    func run(_ location: OperationLocation, report: @Sendable (Step) async -> Void) async -> Ending {
        var random = SystemRandomNumberGenerator()
        let started = clock.now()
        var delay = location.retryAfter.map(policy.clamped) ?? policy.initialDelay
        var polls = 0
        var failures = 0
        var last: OperationSnapshot?
        while true {
            if let maximumWait = policy.maximumWait {
                let remaining = maximumWait - .milliseconds(Int64(clock.now().timeIntervalSince(started) * 1000))
                guard remaining > .zero else { return .timedOut(maximumWait, last: last) }
                delay = min(delay, remaining)
            }
            do {
                try await clock.sleep(for: delay)
                try await gate?.enter()
            } catch {
                return .cancelled(last: last)
            }
            let result = await poll(location)
            gate?.leave()
            guard !Task.isCancelled else { return .cancelled(last: last) }
            switch result {
            case .success(let poll):
                failures = 0
                last = poll.snapshot
                await report(.observed(poll.snapshot))
                if poll.snapshot.status.isTerminal { return .ended(poll.snapshot) }
                delay = policy.jittered(poll.retryAfter.map(policy.clamped) ?? policy.interval(afterPolls: polls), using: &random)
                polls += 1
            case .failure(let error):
                guard error.stage != .cancelled else { return .cancelled(last: last) }
                failures += 1
                guard let retryDelay = policy.retryDelay(after: error, failures: failures) else { return .failed(error) }
                delay = retryDelay
                await report(.retrying(attempt: failures, delay: delay, error: error))
            }
        }
    }

    /// One request, in a child task: its deep frames (transport, HTTP client, decoding) live in
    /// the child's memory, freed when it returns, not kept for the whole watch by the loop's task.
    private func poll(_ location: OperationLocation) async -> Result<OperationPoll, SpidError> {
        async let result = Self.attempt(client, location, now: clock.now())
        return await result
    }

    private static func attempt(
        _ client: SpeakerRecognitionClient, _ location: OperationLocation, now: Date
    ) async -> Result<OperationPoll, SpidError> {
        do { return .success(try await client.poll(location, now: now)) } catch { return .failure(error) }
    }

    // MARK: What a wait returns

    /// The result of an operation that ended, or why there is none.
    static func result(of ending: Result<OperationSnapshot, SpidError>) throws(SpidError) -> ProcessingResult {
        let snapshot = try ending.get()
        switch snapshot.status {
        case .succeeded:
            guard let result = snapshot.processingResult else {
                throw SpidError(.invalidResponse, "the operation succeeded without a processingResult", snapshot: snapshot)
            }
            return result
        default:
            throw SpidError(.operationFailed, snapshot.message ?? "the operation failed without a message", snapshot: snapshot)
        }
    }

    /// The error of a watch that was cancelled, with what is known to resume it.
    static func cancelledError(snapshot: OperationSnapshot?, resumeToken: ResumeToken?) -> SpidError {
        var error = SpidError(
            .cancelled, "the watch was cancelled; the operation itself goes on (the API has no way to cancel it)", snapshot: snapshot)
        error.resumeToken = resumeToken
        return error
    }

    /// The error of a watch that reached its maximum wait, with what is known to resume it.
    static func timedOutError(
        after wait: Duration, lastStatus: OperationStatus?, snapshot: OperationSnapshot?, resumeToken: ResumeToken?
    ) -> SpidError {
        var error = SpidError(
            .timedOut,
            "the operation did not end within \(wait) (last status: \(lastStatus?.description ?? "none")); resume the watch with its resume token",
            snapshot: snapshot)
        error.resumeToken = resumeToken
        return error
    }
}
