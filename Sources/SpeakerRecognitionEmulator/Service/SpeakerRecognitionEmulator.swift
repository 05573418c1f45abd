import Foundation
import Logging
import SpeakerEngines
import SpeakerRecognition

/// The Speaker Recognition API v1.0 service, in process.
///
/// It answers `TransportRequest`s with the hosted service's status codes, bodies and error
/// strings, so it is also a `Transport`: hand it to `SpeakerRecognitionClient` and no socket
/// is involved. `spid-server` puts the same object behind HTTP. Enrollments and identifications
/// run in the background, `notstarted` → `running` → `succeeded`|`failed`; call ``start()`` to
/// resume the unfinished ones of a persistent store (the first request does it too).
///
/// The service holds no state of its own: requests read and change a store (`ServiceStore`),
/// many at once, and workers claim operations from the store's queue under a lease. The actor
/// guards only the workers' lifecycle.
public actor SpeakerRecognitionEmulator: Transport {
    public nonisolated let configuration: EmulatorConfiguration
    let engine: any SpeakerEngine
    let clock: any EmulatorClock
    let store: any ServiceStore
    let logger: Logger
    let observer: any EmulatorObserver
    let detector = VoiceActivityDetector()
    /// Where decoding, speech detection and the engine run: threads of the service's own, apart
    /// from those that answer requests.
    let compute: ComputePool
    /// Wakes this process's idle workers when it accepts an operation.
    let signal = WorkSignal()
    let pollAnswers = PollAnswerCache()
    /// Requests per key in the last minute.
    private let rateLimiter: Locked<RateLimiter>?
    private let lastPurge = Locked(Date.distantPast)
    private var started = false
    /// ``started``, readable off the actor: a request needs no hop once the service runs.
    private let hasStarted = Locked(false)
    private var stopping = false
    private var workers: [Task<Void, Never>] = []

    /// Creates an emulator; with `.directory`, opens (or creates) its database and loads it.
    /// `observer` hears of each operation's end and the engine's time (for metrics).
    ///
    /// - Throws: when the database cannot be opened or read.
    public init(
        configuration: EmulatorConfiguration,
        engine: any SpeakerEngine = ClassicalEngine(),
        storage location: EmulatorStorageLocation = .memory,
        clock: any EmulatorClock = SystemEmulatorClock(),
        logger: Logger = Logger(label: "spid.emulator"),
        observer: any EmulatorObserver = SilentEmulatorObserver()
    ) throws {
        let store: any ServiceStore =
            switch location {
            case .memory: MemoryStore()
            case .directory(let url): try SQLiteStore(directory: url)
            }
        self.init(configuration: configuration, engine: engine, store: store, clock: clock, logger: logger, observer: observer)
    }

    /// Creates an emulator on `store`, the seam where a storage backend plugs in.
    package init(
        configuration: EmulatorConfiguration, engine: any SpeakerEngine, store: any ServiceStore, clock: any EmulatorClock,
        logger: Logger, observer: any EmulatorObserver
    ) {
        self.configuration = configuration
        self.engine = engine
        self.clock = clock
        self.logger = logger
        self.observer = observer
        self.store = store
        compute = ComputePool(
            threads: ProcessInfo.processInfo.activeProcessorCount, nice: min(max(configuration.analysisNice, 0), 19))
        rateLimiter = configuration.rateLimitPerMinute.map { Locked(RateLimiter(limit: $0)) }
    }

    /// Starts the workers, which take up the operations a previous run left unfinished (those
    /// whose input was lost fail with a message saying so) and every new one. Idempotent.
    public func start() {
        guard !started else { return }
        started = true
        hasStarted.withLock { $0 = true }
        workers = (0..<max(1, configuration.maximumConcurrentOperations)).map { _ in Task { await self.work() } }
    }

    /// Whether it takes work: started and not shutting down.
    public var isReady: Bool { started && !stopping }

    /// Stops background work; unfinished operations stay stored and resume at the next ``start()``.
    public func shutdown() async {
        stopping = true
        for worker in workers { worker.cancel() }
        for worker in workers { await worker.value }
        workers = []
    }

    /// Bytes of uploads held in memory by unfinished operations: none with a data folder, where
    /// they wait on disk.
    public nonisolated var audioBytesInMemory: Int {
        get async { await store.audioBytesInMemory() }
    }

    /// The operations not yet finished (for tests and status displays); 0 when the store cannot say.
    public nonisolated var unfinishedOperationCount: Int {
        get async { (try? await store.unfinishedCount()) ?? 0 }
    }

    // MARK: Transport

    /// Answers `request` as the service would; the same as ``respond(to:)``.
    public nonisolated func send(_ request: TransportRequest) async throws -> TransportResponse {
        await respond(to: request)
    }

    /// Answers one request; never throws: every failure is an HTTP answer. Requests are answered
    /// concurrently: none enters the actor.
    public nonisolated func respond(to request: TransportRequest) async -> TransportResponse {
        if !hasStarted.withLock({ $0 }) { await start() }
        let route = (try? Self.segments(ofPath: request.url.path)).flatMap { try? Route.match(method: request.method, segments: $0) }
        if case .operation(let text)? = route { return await answerPoll(request, text) }
        // An upload with a good key is read and decoded before anything else is looked at.
        var upload: PreparedUpload?
        if let route, route.takesAudio, accepts(key: request.headers["Ocp-Apim-Subscription-Key"]), let body = request.body,
            body.count <= configuration.maximumUploadBytes
        {
            upload = PreparedUpload(body: body, contentType: request.headers["Content-Type"])
        }
        return await respondInside(request, route: route, upload: upload)
    }

    /// `GET /operations/{id}`: the key, the rate limit and one read of the store.
    private nonisolated func answerPoll(_ request: TransportRequest, _ text: String) async -> TransportResponse {
        do {
            try authorize(request)
            if let quick = try quickOperation(text) { return quick }
            return try await operation(text)
        } catch {
            return EmulatorResponse.failure(error)
        }
    }

    private nonisolated func respondInside(_ request: TransportRequest, route: Route?, upload: PreparedUpload?) async -> TransportResponse {
        do {
            let response = try await dispatch(request, route: route, upload: upload)
            logger.debug(
                "request", metadata: ["method": "\(request.method)", "path": "\(request.url.path)", "status": "\(response.statusCode)"])
            return response
        } catch let failure as ServiceFailure {
            logger.debug(
                "request failed",
                metadata: [
                    "method": "\(request.method)", "path": "\(request.url.path)", "status": "\(failure.status)",
                    "message": "\(failure.message)",
                ])
            return EmulatorResponse.failure(failure)
        } catch {
            logger.error("request failed unexpectedly", metadata: ["path": "\(request.url.path)", "error": "\(error)"])
            return EmulatorResponse.failure(.internalError)
        }
    }

    /// The largest body a request to `url` with `method` may carry: an upload's for the four
    /// that take audio, a small one for the rest (and for paths that are no endpoint). A server
    /// reads no more than this before it answers 413.
    public nonisolated func bodyLimit(method: String, path: String) -> Int {
        bodyLimit(of: try? Route.match(method: method, segments: Self.segments(ofPath: path)))
    }

    private nonisolated func bodyLimit(of route: Route?) -> Int {
        route?.takesAudio == true ? configuration.maximumUploadBytes : configuration.maximumRequestBodyBytes
    }

    /// The endpoint `method` on `url` reaches, as a template for metrics and logs
    /// (`GET /operations/{id}`), or `other` for no endpoint.
    public nonisolated func routeName(method: String, path: String) -> String {
        guard let route = try? Route.match(method: method, segments: Self.segments(ofPath: path)) else { return "other" }
        return route.template
    }

    /// Whether `key` is one of the subscription keys: for a server to answer a wrong key on the
    /// headers, before reading a body.
    public nonisolated func accepts(key: String?) -> Bool {
        key.map(configuration.keys.contains) ?? false
    }

    /// `matched` is the route `respond` found; `nil` when there was none, matched again here for its error.
    private nonisolated func dispatch(
        _ request: TransportRequest, route matched: Route?, upload prepared: PreparedUpload?
    ) async throws -> TransportResponse {
        let route = try matched ?? Route.match(method: request.method, segments: try Self.segments(ofPath: request.url.path))
        try authorize(request)
        let limit = bodyLimit(of: route)
        if let body = request.body, body.count > limit { throw ServiceFailure.tooLarge(limit: limit) }
        await purgeExpiredOperations()
        let query = RequestQuery(request.url)
        let body = request.body ?? Data()
        let contentType = request.headers["Content-Type"]
        // Prepared before the actor when it could be; here otherwise (an in-process caller's).
        let upload = { prepared ?? PreparedUpload(body: body, contentType: contentType) }
        switch route {
        case .createIdentificationProfile: return try await createIdentificationProfile(body: body, contentType: contentType)
        case .identificationProfiles: return try await listIdentificationProfiles()
        case .identificationProfile(let id): return try await identificationProfile(id)
        case .deleteIdentificationProfile(let id): return try await deleteIdentificationProfile(id)
        case .resetIdentificationProfile(let id): return try await resetIdentificationProfile(id)
        case .enrollIdentificationProfile(let id):
            return try await enrollIdentificationProfile(id, query: query, upload: upload(), url: request.url)
        case .identify: return try await identify(query: query, upload: upload(), url: request.url)
        case .operation(let id): return try await operation(id)
        case .createVerificationProfile: return try await createVerificationProfile(body: body, contentType: contentType)
        case .verificationProfiles: return try await listVerificationProfiles()
        case .verificationProfile(let id): return try await verificationProfile(id)
        case .deleteVerificationProfile(let id): return try await deleteVerificationProfile(id)
        case .resetVerificationProfile(let id): return try await resetVerificationProfile(id)
        case .enrollVerificationProfile(let id):
            return try await enrollVerificationProfile(id, query: query, upload: upload())
        case .verify: return try await verify(query: query, upload: upload())
        case .verificationPhrases: return try verificationPhrases(query: query)
        }
    }

    /// The path after `/spid/v1.0` (found anywhere in the path, so a proxy prefix is fine).
    private nonisolated static func segments(ofPath path: String) throws(ServiceFailure) -> [String] {
        let parts = path.split(separator: "/").map(String.init)
        guard let index = parts.firstIndex(where: { $0.lowercased() == "spid" }), index + 1 < parts.count,
            parts[index + 1].lowercased() == "v1.0"
        else { throw .resourceNotFound }
        return Array(parts[(index + 2)...])
    }

    private nonisolated func authorize(_ request: TransportRequest) throws(ServiceFailure) {
        guard let key = request.headers["Ocp-Apim-Subscription-Key"], configuration.keys.contains(key) else {
            throw .invalidKey
        }
        let now = clock.now()
        if let wait = rateLimiter?.withLock({ $0.admit(key, at: now) }) { throw .rateLimited(retryAfter: wait) }
    }

    /// `scheme://host[:port]/…/spid/v1.0`, from the request, for absolute Operation-Locations.
    static func apiBase(of url: URL) -> String {
        let text = url.absoluteString
        let beforeQuery = text[..<(text.firstIndex { $0 == "?" || $0 == "#" } ?? text.endIndex)]
        guard let marker = beforeQuery.range(of: "/spid/v1.0", options: [.caseInsensitive, .backwards]) else {
            return String(beforeQuery)
        }
        return String(beforeQuery[..<marker.upperBound])
    }

    nonisolated var retryAfterHeader: [(String, String)] { configuration.retryAfter.map { [("Retry-After", String($0))] } ?? [] }

    // MARK: Storage

    /// Runs one store step; a storage failure becomes a 500 (503 with `Retry-After` when the
    /// storage cannot be reached) and, the step being atomic, nothing is changed.
    nonisolated func stored<Value>(_ step: () async throws -> Value) async throws(ServiceFailure) -> Value {
        do {
            return try await step()
        } catch let unavailable as StoreUnavailable {
            logger.warning("storage unavailable", metadata: ["error": "\(unavailable)"])
            throw .storageUnavailable(retryAfter: 2)
        } catch {
            logger.error("storage failed", metadata: ["error": "\(error)"])
            throw ServiceFailure(status: 500, code: "InternalServerError", message: "The service could not save the change; try again.")
        }
    }

    /// Forgets expired operations, at most once a second.
    private nonisolated func purgeExpiredOperations() async {
        let now = clock.now()
        let due = lastPurge.withLock { last in
            guard now.timeIntervalSince(last) >= 1 else { return false }
            last = now
            return true
        }
        guard due else { return }
        let cutoff = now.addingTimeInterval(-Double(configuration.operationRetention.components.seconds))
        do { _ = try await store.purge(createdBefore: cutoff) } catch {
            logger.error("could not delete expired operations", metadata: ["error": "\(error)"])
        }
    }

    nonisolated func isExpired(created: Date, at now: Date) -> Bool {
        now.timeIntervalSince(created) >= Double(configuration.operationRetention.components.seconds)
    }
}
