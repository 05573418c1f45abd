import Foundation

/// Watches any number of operations, polling each through its `Operation-Location` until it
/// ends, and tells handlers and streams the moment a status changes.
///
/// Each watch follows the ``PollingPolicy``: it honours `Retry-After` on the 202 and on every
/// poll (clamped), retries 429, 5xx and transport errors with backoff, ends on 404 as *gone*, keeps
/// polling through an undocumented status (and reports it), and stops at the policy's maximum wait
/// with an error carrying the last snapshot and a ``ResumeToken``. Polls in flight are bounded
/// (`maximumConcurrentRequests`); a watch is a task, not a thread, so thousands cost little.
///
/// Handlers run per operation in order of registration, off the polling path: a slow one delays
/// only later handlers of the same operation, and past its timeout it is cancelled and reported as
/// a ``MonitorEvent``. Cancelling a watch (``untrack(_:)``) stops its sleep and its request at
/// once; the operation itself goes on, since the API has no way to cancel it.
public actor OperationMonitor {
    public nonisolated let policy: PollingPolicy
    let client: SpeakerRecognitionClient
    let clock: any PollingClock
    private let gate: RequestGate
    private var watches: [OperationLocation: Watch] = [:]
    private var live: [OperationLocation: LiveWatch] = [:]
    private var registrations: [HandlerRegistration] = []
    private var nextNumber = 0
    private var changeStreams: [Int: AsyncStream<StatusChange>.Continuation] = [:]
    private var eventStreams: [Int: AsyncStream<MonitorEvent>.Continuation] = [:]
    /// Handler calls queued or running; ``handlersSettled()`` waits for zero.
    private var handlerCallsInFlight = 0
    private var settleWaiters: [CheckedContinuation<Void, Never>] = []

    /// What the monitor keeps of one operation, small enough to keep thousands after they end.
    private struct Watch {
        var kind: OperationKind?
        var lastStatus: OperationStatus?
        /// The status before ``lastStatus``: with ``snapshot`` it is the last change, for replays.
        var previousStatus: OperationStatus?
        var snapshot: OperationSnapshot?
        var ended = false
        /// Why the watch ended without a terminal snapshot.
        var failure: SpidError?

        var ending: Result<OperationSnapshot, SpidError>? {
            guard ended else { return nil }
            if let failure { return .failure(failure) }
            return snapshot.map { .success($0) }
        }

        func lastChange(at location: OperationLocation) -> StatusChange? {
            guard lastStatus != nil, let snapshot else { return nil }
            return StatusChange(location: location, kind: kind, previous: previousStatus, snapshot: snapshot)
        }
    }

    /// What only a watch in progress needs; dropped when it ends.
    private struct LiveWatch {
        /// Tells this watch's loop from that of an earlier watch of the same location, untracked
        /// and tracked again, whose last report may still be on its way.
        let id: Int
        var task: Task<Void, Never>?
        var streams: [Int: AsyncStream<StatusChange>.Continuation] = [:]
        var waiters: [Int: CheckedContinuation<Result<OperationSnapshot, SpidError>, Never>] = [:]
        var handlerQueue: AsyncStream<(StatusChange, [HandlerRegistration])>.Continuation?
    }

    /// - Parameters:
    ///   - client: polls go through its transport and key.
    ///   - policy: when to poll, back off and give up.
    ///   - clock: where time is read and slept; inject one in tests.
    ///   - maximumConcurrentRequests: polls in flight at once, across all watches.
    public init(
        client: SpeakerRecognitionClient, policy: PollingPolicy = PollingPolicy(),
        clock: any PollingClock = SystemPollingClock(), maximumConcurrentRequests: Int = 64
    ) {
        self.client = client
        self.policy = policy
        self.clock = clock
        gate = RequestGate(limit: maximumConcurrentRequests)
    }

    // MARK: Tracking

    /// Starts watching the operation at `location` (a second call for the same one does nothing).
    /// The first poll waits for the 202's `Retry-After` when the location carries one.
    @discardableResult
    public func track(_ location: OperationLocation, kind: OperationKind? = nil) -> OperationLocation {
        startWatch(location, kind: kind, lastStatus: nil)
        return location
    }

    /// Starts watching an operation of this client's endpoint by id.
    @discardableResult
    public func track(id: OperationID, kind: OperationKind? = nil) -> OperationLocation {
        track(client.location(of: id), kind: kind)
    }

    /// Goes on watching from a token made elsewhere; its last status is not reported again.
    @discardableResult
    public func resume(_ token: ResumeToken) -> OperationLocation {
        startWatch(token.location, kind: token.kind, lastStatus: token.lastStatus)
        return token.location
    }

    private func startWatch(_ location: OperationLocation, kind: OperationKind?, lastStatus: OperationStatus?) {
        if var existing = watches[location] {
            if existing.kind == nil, let kind {
                existing.kind = kind
                watches[location] = existing
            }
            return
        }
        watches[location] = Watch(kind: kind, lastStatus: lastStatus)
        let loop = PollingLoop(client: client, policy: policy, clock: clock, gate: gate)
        let id = nextStreamNumber()
        live[location] = LiveWatch(id: id)
        live[location]?.task = Task {
            let ending = await loop.run(location) { step in await self.report(step, at: location, watch: id) }
            self.end(location, ending, watch: id)
        }
    }

    /// Stops watching: the sleep or request in progress ends at once, waiters get a `cancelled`
    /// error, streams end. The remote operation is not cancelled (the API cannot).
    public func untrack(_ location: OperationLocation) {
        guard watches[location] != nil else { return }
        live[location]?.task?.cancel()
        end(location, .failure(cancelled(location)))
        watches[location] = nil
    }

    /// Stops every watch, as ``untrack(_:)`` does, and ends every stream.
    public func shutdown() {
        for location in Array(watches.keys) { untrack(location) }
        for stream in changeStreams.values { stream.finish() }
        for stream in eventStreams.values { stream.finish() }
        changeStreams = [:]
        eventStreams = [:]
    }

    /// The operations being watched or watched to their end, not yet untracked.
    public var trackedOperations: [OperationLocation] { Array(watches.keys) }

    /// Watches still polling: each holds a task and its waiters; an ended watch holds neither.
    var liveWatchCount: Int { live.count }

    /// The last observation of an operation, if any poll succeeded yet.
    public func snapshot(of location: OperationLocation) -> OperationSnapshot? { watches[location]?.snapshot }

    /// A token to go on watching `location` in another process.
    public func resumeToken(for location: OperationLocation) -> ResumeToken? {
        watches[location].map { ResumeToken(location: location, kind: $0.kind, lastStatus: $0.lastStatus) }
    }

    // MARK: Waiting and streams

    /// Waits for the operation to end and returns its result.
    ///
    /// - Throws: ``SpidError`` of stage `operationFailed` (with the snapshot and its `message`),
    ///   `operationGone`, `timedOut` (with the last snapshot and a resume token), `cancelled`, or the
    ///   error that ended the watch; `invalidRequest` when the operation is not tracked.
    public func waitForCompletion(of location: OperationLocation) async throws(SpidError) -> ProcessingResult {
        guard watches[location] != nil else {
            throw SpidError(.invalidRequest, "the operation at \(location) is not tracked; call track(_:) first")
        }
        let ending: Result<OperationSnapshot, SpidError>
        if let known = watches[location]?.ending {
            ending = known
        } else {
            nextNumber += 1
            let number = nextNumber
            ending = await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if Task.isCancelled {
                        continuation.resume(returning: .failure(SpidError(.cancelled, "the wait was cancelled; the watch goes on")))
                    } else {
                        live[location]?.waiters[number] = continuation
                    }
                }
            } onCancel: {
                Task { await self.abandonWait(location, number) }
            }
        }
        return try PollingLoop.result(of: ending)
    }

    private func abandonWait(_ location: OperationLocation, _ number: Int) {
        live[location]?.waiters.removeValue(forKey: number)?
            .resume(returning: .failure(SpidError(.cancelled, "the wait was cancelled; the watch goes on")))
    }

    /// The changes of one operation, from the latest one seen; ends when the watch ends.
    public func changes(for location: OperationLocation) -> AsyncStream<StatusChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: StatusChange.self)
        guard let watch = watches[location] else {
            continuation.finish()
            return stream
        }
        if let last = watch.lastChange(at: location) { continuation.yield(last) }
        if watch.ended {
            continuation.finish()
            return stream
        }
        let number = nextStreamNumber()
        live[location]?.streams[number] = continuation
        continuation.onTermination = { _ in Task { await self.dropStream(number, of: location) } }
        return stream
    }

    /// Every change of every operation from now on; ends at ``shutdown()``.
    public func changes() -> AsyncStream<StatusChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: StatusChange.self)
        let number = nextStreamNumber()
        changeStreams[number] = continuation
        continuation.onTermination = { _ in Task { await self.dropStream(number, of: nil) } }
        return stream
    }

    /// Everything the monitor reports: changes, retries, unknown statuses, handler failures, ends.
    public func events() -> AsyncStream<MonitorEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: MonitorEvent.self)
        let number = nextStreamNumber()
        eventStreams[number] = continuation
        continuation.onTermination = { _ in Task { await self.dropEvents(number) } }
        return stream
    }

    private func nextStreamNumber() -> Int {
        nextNumber += 1
        return nextNumber
    }

    private func dropStream(_ number: Int, of location: OperationLocation?) {
        if let location { live[location]?.streams[number] = nil } else { changeStreams[number] = nil }
    }

    private func dropEvents(_ number: Int) { eventStreams[number] = nil }

    // MARK: Handlers

    /// Registers a handler; it fires for changes in `scope` that match `trigger`, in order of
    /// registration per operation. For an operation that already ended, it fires once at once
    /// with the terminal change (when that matches), unless `includeEnded` is `false`.
    ///
    /// - Parameters:
    ///   - handler: what is called with each change.
    ///   - name: how reports of its failures and timeouts name it.
    ///   - scope: every operation, or one.
    ///   - trigger: which changes it wants.
    ///   - timeout: past this, a call is cancelled and reported; the next handler runs.
    ///   - includeEnded: `false` to hear only of changes still to come.
    @discardableResult
    public func addHandler(
        _ handler: any ResultHandler, name: String? = nil, scope: HandlerScope = .all,
        trigger: HandlerTrigger = .everyChange, timeout: Duration = .seconds(30), includeEnded: Bool = true
    ) -> HandlerToken {
        nextNumber += 1
        let token = HandlerToken(value: nextNumber)
        let registration = HandlerRegistration(
            token: token, name: name ?? "handler \(token)", handler: handler, scope: scope, trigger: trigger, timeout: timeout)
        registrations.append(registration)
        for (location, watch) in watches where includeEnded && watch.ended {
            guard let last = watch.lastChange(at: location), last.current.isTerminal, registration.wants(last) else { continue }
            let clock = self.clock
            handlerCallsInFlight += 1
            Task {
                let outcome = await HandlerRace.run(handler, last, timeout: timeout, clock: clock)
                self.report(outcome, of: registration, at: last.location)
                self.handlerCallEnded()
            }
        }
        return token
    }

    /// Registers a closure as a handler (see ``addHandler(_:name:scope:trigger:timeout:includeEnded:)``).
    @discardableResult
    public func onChange(
        name: String? = nil, scope: HandlerScope = .all, trigger: HandlerTrigger = .everyChange,
        timeout: Duration = .seconds(30), includeEnded: Bool = true, _ body: @escaping @Sendable (StatusChange) async throws -> Void
    ) -> HandlerToken {
        addHandler(ClosureResultHandler(body), name: name, scope: scope, trigger: trigger, timeout: timeout, includeEnded: includeEnded)
    }

    /// Returns once every handler call started so far has finished, failed or timed out (its
    /// report already sent to ``events()``): what a script needs before it goes on or exits.
    public func handlersSettled() async {
        guard handlerCallsInFlight > 0 else { return }
        await withCheckedContinuation { settleWaiters.append($0) }
    }

    private func handlerCallEnded() {
        handlerCallsInFlight -= 1
        guard handlerCallsInFlight == 0 else { return }
        let waiters = settleWaiters
        settleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Removes a handler; `false` when the token is unknown. Calls already under way finish.
    @discardableResult
    public func removeHandler(_ token: HandlerToken) -> Bool {
        guard let index = registrations.firstIndex(where: { $0.token == token }) else { return false }
        registrations.remove(at: index)
        return true
    }

    private func report(_ outcome: HandlerRace.Outcome, of registration: HandlerRegistration, at location: OperationLocation) {
        switch outcome {
        case .finished: break
        case .failed(let message): emit(.handlerFailed(location, handler: registration.name, message: message))
        case .timedOut: emit(.handlerTimedOut(location, handler: registration.name, timeout: registration.timeout))
        }
    }

    private func emit(_ event: MonitorEvent) {
        for stream in eventStreams.values { stream.yield(event) }
    }

    // MARK: Polling

    /// What the watch's loop reports: a poll seen, or a retry to come.
    private func report(_ step: PollingLoop.Step, at location: OperationLocation, watch id: Int) {
        guard live[location]?.id == id else { return }
        switch step {
        case .observed(let snapshot): observe(snapshot, at: location)
        case .retrying(let attempt, let delay, let error): emit(.retrying(location, attempt: attempt, after: delay, error: error))
        }
    }

    /// Where the loop ended, as the result waiters get.
    private func end(_ location: OperationLocation, _ ending: PollingLoop.Ending, watch id: Int) {
        guard live[location]?.id == id else { return }
        switch ending {
        case .ended(let snapshot): end(location, .success(snapshot))
        case .failed(let error): end(location, .failure(error))
        case .cancelled: end(location, .failure(cancelled(location)))
        case .timedOut(let wait, _): end(location, .failure(timedOut(location, after: wait)))
        }
    }

    /// 429, 408, 5xx, transport failures and request timeouts are worth another try; 404 (gone),
    /// 401 and the like are not.
    public static func isRetryable(_ error: SpidError) -> Bool {
        switch error.stage {
        case .transport, .timedOut: true
        case .httpStatus: error.statusCode.map { $0 == 429 || $0 == 408 || (500...599).contains($0) } ?? false
        default: false
        }
    }

    private func observe(_ snapshot: OperationSnapshot, at location: OperationLocation) {
        guard var watch = watches[location], !watch.ended else { return }
        watch.snapshot = snapshot
        guard watch.lastStatus != snapshot.status else {
            watches[location] = watch
            return
        }
        if case .unknown(let text) = snapshot.status { emit(.unknownStatus(location, text)) }
        let change = StatusChange(location: location, kind: watch.kind, previous: watch.lastStatus, snapshot: snapshot)
        watch.previousStatus = watch.lastStatus
        watch.lastStatus = snapshot.status
        watches[location] = watch
        for stream in live[location]?.streams.values ?? [:].values { stream.yield(change) }
        for stream in changeStreams.values { stream.yield(change) }
        emit(.changed(change))
        let wanted = registrations.filter { $0.wants(change) }
        if !wanted.isEmpty, live[location] != nil {
            if live[location]?.handlerQueue == nil { live[location]?.handlerQueue = startHandlerQueue() }
            handlerCallsInFlight += wanted.count
            live[location]?.handlerQueue?.yield((change, wanted))
        }
    }

    /// A task that runs one operation's handler calls one after another.
    private func startHandlerQueue() -> AsyncStream<(StatusChange, [HandlerRegistration])>.Continuation {
        let (stream, continuation) = AsyncStream.makeStream(of: (StatusChange, [HandlerRegistration]).self)
        let clock = self.clock
        Task {
            for await (change, wanted) in stream {
                for registration in wanted {
                    let outcome = await HandlerRace.run(registration.handler, change, timeout: registration.timeout, clock: clock)
                    self.report(outcome, of: registration, at: change.location)
                    self.handlerCallEnded()
                }
            }
        }
        return continuation
    }

    private func end(_ location: OperationLocation, _ result: Result<OperationSnapshot, SpidError>) {
        guard var watch = watches[location], !watch.ended else { return }
        watch.ended = true
        switch result {
        case .success(let snapshot): watch.snapshot = snapshot
        case .failure(let error): watch.failure = error
        }
        watches[location] = watch
        // The task, streams and handler queue go: thousands of ended watches keep only their record.
        if let parts = live.removeValue(forKey: location) {
            for stream in parts.streams.values { stream.finish() }
            for waiter in parts.waiters.values { waiter.resume(returning: result) }
            parts.handlerQueue?.finish()
        }
        emit(.ended(location, result))
    }

    private func cancelled(_ location: OperationLocation) -> SpidError {
        PollingLoop.cancelledError(snapshot: watches[location]?.snapshot, resumeToken: resumeToken(for: location))
    }

    private func timedOut(_ location: OperationLocation, after wait: Duration) -> SpidError {
        PollingLoop.timedOutError(
            after: wait, lastStatus: watches[location]?.lastStatus, snapshot: watches[location]?.snapshot,
            resumeToken: resumeToken(for: location))
    }
}
