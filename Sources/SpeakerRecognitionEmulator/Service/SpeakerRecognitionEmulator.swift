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
public actor SpeakerRecognitionEmulator: Transport {
    public nonisolated let configuration: EmulatorConfiguration
    let engine: any SpeakerEngine
    let clock: any EmulatorClock
    let storage: any EmulatorStorage
    let logger: Logger
    let observer: any EmulatorObserver
    let detector = VoiceActivityDetector()

    var identificationProfiles: [ProfileID: IdentificationProfileRecord] = [:]
    var verificationProfiles: [ProfileID: VerificationProfileRecord] = [:]
    /// Every operation kept (24 hours), changed only through ``keep(_:)`` and the purge so that
    /// ``board`` always shows it.
    private(set) var operations: [OperationID: OperationRecord] = [:]
    /// What polls read, off the actor.
    let board = OperationBoard()
    /// Requests per key in the last minute, shared by polls (off the actor) and the rest.
    private let rateLimiter: Locked<RateLimiter>?
    private var lastPurge = Date.distantPast
    private var started = false
    /// ``started``, readable off the actor: a poll needs no hop once the service runs.
    private let hasStarted = Locked(false)
    private var stopping = false
    var work: [OperationID: Task<Void, Never>] = [:]
    var busyWorkers = 0
    var waitingForWorker: [CheckedContinuation<Void, Never>] = []

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
        self.configuration = configuration
        self.engine = engine
        self.clock = clock
        self.logger = logger
        self.observer = observer
        switch location {
        case .memory: storage = MemoryStorage()
        case .directory(let url): storage = try SQLiteStorage(directory: url)
        }
        let state = try storage.load()
        identificationProfiles = Dictionary(uniqueKeysWithValues: state.identificationProfiles.map { ($0.id, $0) })
        verificationProfiles = Dictionary(uniqueKeysWithValues: state.verificationProfiles.map { ($0.id, $0) })
        operations = Dictionary(uniqueKeysWithValues: state.operations.map { ($0.id, $0) })
        for record in state.operations { board.post(record) }
        rateLimiter = configuration.rateLimitPerMinute.map { Locked(RateLimiter(limit: $0)) }
    }

    /// Keeps `record` as the operation's current state, for the actor and for polls.
    func keep(_ record: OperationRecord) {
        operations[record.id] = record
        board.post(record)
    }

    /// Resumes the operations a previous run left unfinished; those whose input was lost fail
    /// with a message saying so. Idempotent.
    public func start() {
        guard !started else { return }
        started = true
        hasStarted.withLock { $0 = true }
        for record in operations.values.sorted(by: { $0.created < $1.created }) where !record.status.isTerminal {
            if record.input != nil {
                schedule(record.id)
            } else {
                finish(
                    record.id,
                    .failure(OperationFailure("Interrupted: the service restarted before this operation ran; send the request again.")))
            }
        }
    }

    /// Whether it takes work: started and not shutting down.
    public var isReady: Bool { started && !stopping }

    /// Stops background work; unfinished operations stay stored and resume at the next ``start()``.
    public func shutdown() async {
        stopping = true
        let tasks = Array(work.values)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Bytes of uploads held in memory by unfinished operations: none with a data folder, where
    /// they wait on disk.
    var audioBytesInMemory: Int { operations.values.reduce(0) { $0 + ($1.input?.audio?.count ?? 0) } }

    /// The operations not yet finished (for tests and status displays).
    public var unfinishedOperationCount: Int { operations.values.filter { !$0.status.isTerminal }.count }

    // MARK: Transport

    /// Answers `request` as the service would; the same as ``respond(to:)``.
    public nonisolated func send(_ request: TransportRequest) async throws -> TransportResponse {
        await respond(to: request)
    }

    /// Answers one request; never throws: every failure is an HTTP answer. A poll of an
    /// operation is answered without entering the actor.
    public nonisolated func respond(to request: TransportRequest) async -> TransportResponse {
        if !hasStarted.withLock({ $0 }) { await start() }
        let route = (try? Self.segments(ofPath: request.url.path)).flatMap { try? Route.match(method: request.method, segments: $0) }
        if case .operation(let text)? = route { return answerPoll(request, text) }
        // An upload with a good key is read and decoded here, before the actor.
        var upload: PreparedUpload?
        if let route, route.takesAudio, accepts(key: request.headers["Ocp-Apim-Subscription-Key"]), let body = request.body,
            body.count <= configuration.maximumUploadBytes
        {
            upload = PreparedUpload(body: body, contentType: request.headers["Content-Type"])
        }
        return await respondInside(request, route: route, upload: upload)
    }

    /// `GET /operations/{id}`, answered from ``board`` off the actor.
    private nonisolated func answerPoll(_ request: TransportRequest, _ text: String) -> TransportResponse {
        do {
            try authorize(request)
            return try operation(text)
        } catch {
            return EmulatorResponse.failure(error)
        }
    }

    private func respondInside(_ request: TransportRequest, route: Route?, upload: PreparedUpload?) async -> TransportResponse {
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
    private func dispatch(
        _ request: TransportRequest, route matched: Route?, upload prepared: PreparedUpload?
    ) async throws -> TransportResponse {
        let route = try matched ?? Route.match(method: request.method, segments: try Self.segments(ofPath: request.url.path))
        try authorize(request)
        let limit = bodyLimit(of: route)
        if let body = request.body, body.count > limit { throw ServiceFailure.tooLarge(limit: limit) }
        purgeExpiredOperations()
        let query = RequestQuery(request.url)
        let body = request.body ?? Data()
        let contentType = request.headers["Content-Type"]
        // Prepared before the actor when it could be; here otherwise (an in-process caller's).
        let upload = { prepared ?? PreparedUpload(body: body, contentType: contentType) }
        switch route {
        case .createIdentificationProfile: return try createIdentificationProfile(body: body, contentType: contentType)
        case .identificationProfiles: return listIdentificationProfiles()
        case .identificationProfile(let id): return try identificationProfile(id)
        case .deleteIdentificationProfile(let id): return try deleteIdentificationProfile(id)
        case .resetIdentificationProfile(let id): return try resetIdentificationProfile(id)
        case .enrollIdentificationProfile(let id):
            return try enrollIdentificationProfile(id, query: query, upload: upload(), url: request.url)
        case .identify: return try identify(query: query, upload: upload(), url: request.url)
        case .operation(let id): return try operation(id)
        case .createVerificationProfile: return try createVerificationProfile(body: body, contentType: contentType)
        case .verificationProfiles: return listVerificationProfiles()
        case .verificationProfile(let id): return try verificationProfile(id)
        case .deleteVerificationProfile(let id): return try deleteVerificationProfile(id)
        case .resetVerificationProfile(let id): return try resetVerificationProfile(id)
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

    // MARK: Persistence

    /// Saves through storage; a storage failure becomes a 500 and the change is not made.
    func persist(_ write: () throws -> Void) throws(ServiceFailure) {
        do {
            try write()
        } catch {
            logger.error("storage write failed", metadata: ["error": "\(error)"])
            throw ServiceFailure(status: 500, code: "InternalServerError", message: "The service could not save the change; try again.")
        }
    }

    private func purgeExpiredOperations() {
        let now = clock.now()
        guard now.timeIntervalSince(lastPurge) >= 1 else { return }
        lastPurge = now
        let expired = operations.values.filter { isExpired($0, at: now) }.map(\.id)
        guard !expired.isEmpty else { return }
        for id in expired {
            operations[id] = nil
            work[id]?.cancel()
        }
        board.remove(expired)
        do { try storage.deleteOperations(expired) } catch {
            logger.error("could not delete expired operations", metadata: ["error": "\(error)"])
        }
    }

    func isExpired(_ record: OperationRecord, at now: Date) -> Bool {
        isExpired(created: record.created, at: now)
    }

    nonisolated func isExpired(created: Date, at now: Date) -> Bool {
        now.timeIntervalSince(created) >= Double(configuration.operationRetention.components.seconds)
    }
}
