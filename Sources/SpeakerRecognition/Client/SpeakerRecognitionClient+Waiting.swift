extension SpeakerRecognitionClient {
    /// Waits for one operation to end and returns its result: the monitor's rules in one call.
    ///
    /// It polls `location` as ``OperationMonitor`` does: the 202's and every poll's `Retry-After`
    /// honoured (clamped), 429, 408, 5xx and transport failures retried with backoff, at most the
    /// policy's maximum wait. Use it where a program needs one result and no handlers; watch many
    /// operations, or react to each change, with ``OperationMonitor``.
    ///
    /// - Parameters:
    ///   - location: the `Operation-Location` of a 202.
    ///   - policy: when to poll, back off and give up.
    ///   - clock: where time is read and slept; inject one in tests.
    /// - Throws: ``SpidError`` of stage `operationFailed` (with the snapshot and its `message`),
    ///   `operationGone` (404), `timedOut` or `cancelled` (each with the last snapshot and a
    ///   ``ResumeToken``), or the poll's error once retries are used up or it cannot be retried.
    public func waitForCompletion(
        at location: OperationLocation, policy: PollingPolicy = PollingPolicy(), clock: any PollingClock = SystemPollingClock()
    ) async throws(SpidError) -> ProcessingResult {
        let loop = PollingLoop(client: self, policy: policy, clock: clock, gate: nil)
        let ending: Result<OperationSnapshot, SpidError> =
            switch await loop.run(location, report: { _ in }) {
            case .ended(let snapshot): .success(snapshot)
            case .failed(let error): .failure(error)
            case .cancelled(let last):
                .failure(
                    PollingLoop.cancelledError(
                        snapshot: last, resumeToken: ResumeToken(location: location, kind: nil, lastStatus: last?.status)))
            case .timedOut(let wait, let last):
                .failure(
                    PollingLoop.timedOutError(
                        after: wait, lastStatus: last?.status, snapshot: last,
                        resumeToken: ResumeToken(location: location, kind: nil, lastStatus: last?.status)))
            }
        return try PollingLoop.result(of: ending)
    }
}
