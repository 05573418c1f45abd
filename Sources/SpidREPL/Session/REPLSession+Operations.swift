import Foundation
import SpeakerRecognition

extension REPLSession {
    /// What `show` and `expect` look into: an operation, or a bound result.
    struct Target: Sendable {
        var label: String
        var document: JSONValue
        var operation: TrackedOperation?

        init(label: String, document: JSONValue, operation: TrackedOperation? = nil) {
            self.label = label
            self.document = document
            self.operation = operation
        }

        init(_ operation: TrackedOperation) {
            self.init(label: operation.name, document: operation.document, operation: operation)
        }
    }

    /// True for a word that names an operation on the service: an id or a URL.
    static func namesRemoteOperation(_ word: String) -> Bool {
        OperationID(word) != nil || word.contains("://")
    }

    /// Adds an operation the service just accepted, starts watching it, and names it.
    func added(_ location: OperationLocation, kind: OperationKind?, origin: String) async -> Outcome {
        let operation = operations.register(location: location, kind: kind, origin: origin)
        if let monitor = connection?.monitor { await monitor.track(location, kind: kind) }
        let line =
            "\(style.bold(operation.name)) \(kind.map { "\($0) " } ?? "")accepted: \(location.operationId?.description ?? location.url.absoluteString)"
        return Outcome(lines: [line], json: ResultJSON.operation(operation), value: .operation(operation.name))
    }

    /// The operation a word names: a session name, a bound name, an operation id or URL (loaded
    /// on first use); with no word, the context's or the last one.
    func operation(_ word: String?, _ context: Context) async throws(REPLError) -> TrackedOperation {
        guard let word else {
            guard let name = context.defaultOperation ?? operations.last, let operation = operations[name] else {
                throw REPLError("no operation yet; create one (enroll, identify) or `load ID|URL|FILE`")
            }
            return operation
        }
        if let found = operations.find(word, bindings: bindings) { return found }
        if Self.namesRemoteOperation(word) {
            return try await loadRemote(word)
        }
        let names = operations.names.suffix(5).joined(separator: ", ")
        throw REPLError(
            "no operation \"\(word)\"\(names.isEmpty ? "" : " (recent: \(names))"); `ops` lists them, `load ID|URL|FILE` adds one")
    }

    /// The operation a word names (as ``operation(_:_:)``) with its location; one loaded from a
    /// file has none, and the error says so and what `consequence` follows.
    func liveOperation(
        _ word: String?, _ context: Context, consequence: String
    ) async throws(REPLError) -> (TrackedOperation, OperationLocation) {
        let operation = try await operation(word, context)
        guard let location = operation.location else { throw REPLError("\(operation.name) was loaded from a file; \(consequence)") }
        return (operation, location)
    }

    /// The operation called `name`, as it is now.
    func refresh(_ name: String) -> TrackedOperation {
        operations[name]!
    }

    /// Loads an operation by id or URL from the service and starts watching it.
    func loadRemote(_ word: String) async throws(REPLError) -> TrackedOperation {
        let connection = try requireConnection()
        let location: OperationLocation
        do {
            location = try connection.client.location(parsing: word)
        } catch {
            throw REPLError(error)
        }
        if let known = operations.operation(at: location) { return known }
        let snapshot = try await fetchOperation(at: location, on: connection)
        let operation = operations.register(
            location: location, kind: snapshot.processingResult?.kind, origin: "load \(word)", snapshot: snapshot)
        await connection.monitor.track(location, kind: operation.kind)
        return operation
    }

    /// An operation's status, fetched as the monitor polls: 429, 408, 5xx and transport failures
    /// are retried after the service's `Retry-After` (clamped) or the policy's backoff, up to its
    /// ``PollingPolicy/maximumRetries``; anything else fails at once.
    func fetchOperation(at location: OperationLocation, on connection: Connection) async throws(REPLError) -> OperationSnapshot {
        let action = "loading the operation"
        let policy = connection.monitor.policy
        var failures = 0
        while true {
            do {
                return try await connection.client.operationStatus(at: location)
            } catch {
                if error.stage == .cancelled || Task.isCancelled { throw REPLError("\(action) was interrupted") }
                failures += 1
                guard let delay = policy.retryDelay(after: error, failures: failures) else {
                    guard OperationMonitor.isRetryable(error) else { throw REPLError(error, doing: action) }
                    throw REPLError(error, doing: "\(action) (gave up after \(failures) tries)")
                }
                let reason = error.statusCode.map { "HTTP \($0)" } ?? "no answer"
                if configuration.showsProgress {
                    output.progress(
                        "\(action): \(reason); retrying in \(DurationText.format(delay)) (\(failures) of \(policy.maximumRetries))")
                }
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    output.progress(nil)
                    throw REPLError("\(action) was interrupted")
                }
                output.progress(nil)
            }
        }
    }

    /// An operation or a bound result named by `word`; `nil` when it names neither and `allowUnknown`.
    func target(_ word: String, allowUnknown: Bool) async throws(REPLError) -> Target? {
        if let operation = operations.find(word, bindings: bindings) { return Target(operation) }
        if let bound = bindings[word] {
            switch bound {
            case .document(let document): return Target(label: word, document: document)
            case .text(let text): return Target(label: word, document: .string(text))
            case .profile(let id): return Target(label: word, document: .string(id.description))
            case .profiles(let ids): return Target(label: word, document: .array(ids.map { .string($0.description) }))
            case .operation: break
            }
        }
        if Self.namesRemoteOperation(word) {
            return Target(try await loadRemote(word))
        }
        if allowUnknown { return nil }
        throw REPLError("no operation or bound result \"\(word)\"; `ops` and `vars` list them")
    }

    /// One line about an operation: name, kind, status, and the result or the failure.
    func summaryLine(_ operation: TrackedOperation) -> String {
        var line = "\(style.bold(operation.name)) \(operation.kind.map { "\($0) " } ?? "")"
        if let failure = operation.failure { return line + style.bad("gone") + ": \(failure)" }
        line += style.status(operation.statusText)
        if let snapshot = operation.snapshot { line += resultText(snapshot) }
        return line
    }

    /// A calibrated score as the REPL shows it: two decimals.
    static func score(_ value: Double) -> String { String(format: "%.2f", value) }

    /// A profile's bound name (`alice`), else its id.
    func profileName(_ id: ProfileID) -> String { bindings.names(boundTo: .profile(id)).first ?? id.description }

    func resultText(_ snapshot: OperationSnapshot) -> String {
        switch snapshot.processingResult {
        case .enrollment(let result)?:
            return ": \(style.status(result.enrollmentStatus.wireValue)), \(Self.seconds(result.speechTime)) of speech, "
                + "\(Self.seconds(result.enrollmentSpeechTime)) in all, \(Self.seconds(result.remainingEnrollmentSpeechTime)) to go"
        case .identification(let result)?:
            let score = result.score.map { ", score \(Self.score($0))" } ?? ""
            let ranking = (result.profilesRanking ?? []).map { "\(profileName($0.profileId)) \(Self.score($0.score))" }
            let ranked = ranking.count > 1 ? "; ranking: " + ranking.joined(separator: ", ") : ""
            guard let id = result.identifiedProfile else {
                return ": nobody identified, confidence \(result.confidence.wireValue)\(score)\(ranked)"
            }
            let bound = bindings.names(boundTo: .profile(id)).first
            return
                ": identified \(style.bold(bound ?? id.description))\(bound == nil ? "" : " (\(id))"), confidence \(result.confidence.wireValue)"
                + score + ranked
        case .unknown?, nil:
            return snapshot.message.map { ": \($0)" } ?? ""
        }
    }
}

extension JSONPath {
    /// The value at this path, with the failure as a ``JSONPathError``.
    func resolve(in document: JSONValue) throws(JSONPathError) -> JSONValue { try document.value(at: self) }
}
