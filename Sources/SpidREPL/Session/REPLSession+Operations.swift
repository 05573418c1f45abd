import Foundation
import SpeakerRecognition

extension REPLSession {
    // MARK: Registry

    /// Adds an operation the service just accepted, starts watching it, and names it.
    func added(_ location: OperationLocation, kind: OperationKind?, origin: String) async -> Outcome {
        let operation = register(location: location, kind: kind, origin: origin)
        if let monitor = connection?.monitor { await monitor.track(location, kind: kind) }
        let line = "\(style.bold(operation.name)) \(kind.map { "\($0) " } ?? "")accepted: \(location.operationId?.description ?? location.url.absoluteString)"
        return Outcome(lines: [line], json: ResultJSON.operation(operation), value: .operation(operation.name))
    }

    @discardableResult
    func register(location: OperationLocation?, kind: OperationKind?, origin: String, snapshot: OperationSnapshot? = nil) -> TrackedOperation {
        if let location, let index = operations.firstIndex(where: { $0.location == location }) {
            if let snapshot { operations[index].observe(snapshot, at: Date()) }
            lastOperation = operations[index].name
            return operations[index]
        }
        var operation = TrackedOperation(name: "op\(nextOperationNumber)", location: location, kind: kind, addedAt: Date(), origin: origin)
        nextOperationNumber += 1
        if let snapshot { operation.observe(snapshot, at: Date()) }
        operationIndex[operation.name] = operations.count
        operations.append(operation)
        lastOperation = operation.name
        return operation
    }

    /// The operation a word names: a session name, a bound name, an operation id or URL (loaded
    /// on first use); with no word, the context's or the last one.
    func operation(_ word: String?, _ context: Context) async throws(REPLError) -> TrackedOperation {
        guard let word else {
            guard let name = context.defaultOperation ?? lastOperation, let index = operationIndex[name] else {
                throw REPLError("no operation yet; create one (enroll, identify) or `load ID|URL|FILE`")
            }
            return operations[index]
        }
        if let found = knownOperation(word) { return found }
        if OperationID(word) != nil || word.contains("://") {
            return try await loadRemote(word)
        }
        let names = operations.suffix(5).map(\.name).joined(separator: ", ")
        throw REPLError("no operation \"\(word)\"\(names.isEmpty ? "" : " (recent: \(names))"); `ops` lists them, `load ID|URL|FILE` adds one")
    }

    func knownOperation(_ word: String) -> TrackedOperation? {
        if let index = operationIndex[word] { return operations[index] }
        if case .operation(let name)? = bindings[word], let index = operationIndex[name] { return operations[index] }
        if let id = OperationID(word), let found = operations.first(where: { $0.location?.operationId == id }) { return found }
        if let location = OperationLocation(string: word), let found = operations.first(where: { $0.location == location }) { return found }
        return nil
    }

    func refresh(_ name: String) -> TrackedOperation {
        operations[operationIndex[name]!]
    }

    // MARK: load, resume, token

    func load(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        try arguments.expectCount(1...1, "an operation id, URL or JSON file")
        let word = arguments.positionals[0]
        let operation: TrackedOperation
        if OperationID(word) != nil || word.contains("://") {
            operation = try await loadRemote(word)
        } else {
            operation = try loadFile(word)
        }
        return Outcome(lines: [summaryLine(operation)], json: ResultJSON.operation(operation), value: .operation(operation.name))
    }

    private func loadRemote(_ word: String) async throws(REPLError) -> TrackedOperation {
        let connection = try requireConnection()
        let location: OperationLocation
        do {
            location = try connection.client.location(parsing: word)
        } catch {
            throw REPLError(error)
        }
        if let known = knownOperation(location.url.absoluteString) { return known }
        let snapshot = try await call("loading the operation") { client throws(SpidError) in try await client.operationStatus(at: location) }
        let operation = register(location: location, kind: snapshot.processingResult?.kind, origin: "load \(word)", snapshot: snapshot)
        await connection.monitor.track(location, kind: operation.kind)
        return operation
    }

    private func loadFile(_ path: String) throws(REPLError) -> TrackedOperation {
        let data = try LocalFile.read(
            resolve(path), named: path, limit: 16 << 20, hint: "load takes an operation id, an Operation-Location URL or a JSON file")
        let snapshot: OperationSnapshot
        do {
            snapshot = try JSONResponseDecoder(syntax: .lenient).decodeOperation(from: data)
        } catch let error as SpidError {
            throw REPLError("\(path) is not an operation document: \(error.message)")
        } catch {
            throw REPLError("\(path) is not an operation document: \(error)")
        }
        return register(location: nil, kind: snapshot.processingResult?.kind, origin: "file \((path as NSString).lastPathComponent)", snapshot: snapshot)
    }

    func resume(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        try arguments.expectCount(1...1, "a resume token (from `token`)")
        guard let token = ResumeToken(arguments.positionals[0]) else {
            throw REPLError("that is not a resume token; tokens start with spid-resume: and come from `token OP`")
        }
        let connection = try requireConnection()
        guard connection.isLocal || connection.client.endpoint.isSameOrigin(as: token.location.url) else {
            throw REPLError("the token's operation is on \(token.location.url.host ?? "another host"), not \(connectionLabel); connect there first")
        }
        var operation = register(location: token.location, kind: token.kind, origin: "resume")
        if operation.snapshot == nil, let status = token.lastStatus {
            operations[operationIndex[operation.name]!].transitions.append((status, Date()))
            operation = refresh(operation.name)
        }
        await connection.monitor.resume(token)
        let line = "\(style.bold(operation.name)) resumed: \(token.location.operationId?.description ?? token.location.url.absoluteString)"
            + (token.lastStatus.map { " (last seen \($0))" } ?? "")
        return Outcome(lines: [line], json: ResultJSON.operation(operation), value: .operation(operation.name))
    }

    func token(_ arguments: Arguments, _ context: Context) async throws(REPLError) -> Outcome {
        try arguments.expectCount(0...1)
        let operation = try await operation(arguments.positionals.first, context)
        guard let location = operation.location else {
            throw REPLError("\(operation.name) was loaded from a file; it has no location to resume")
        }
        let token = ResumeToken(location: location, kind: operation.kind, lastStatus: operation.status).description
        return Outcome(lines: [token], json: ["token": .string(token)], value: .text(token))
    }

    // MARK: ops, poll

    func listOperations() -> Outcome {
        guard !operations.isEmpty else {
            return Outcome(lines: ["no operations yet; enroll, identify or `load ID|URL|FILE`"], json: .array([]))
        }
        let now = Date()
        let rows = operations.map { operation -> [String] in
            let status = operation.failure != nil ? "gone" : operation.statusText
            let since = operation.snapshot?.createdDateTime ?? operation.addedAt
            return [operation.name, operation.kind?.rawValue ?? "-", status,
                    DurationText.format(seconds: max(0, now.timeIntervalSince(since))), operation.origin]
        }
        let lines = TableRenderer(style: style).render(header: ["NAME", "KIND", "STATUS", "AGE", "FROM"], rows: rows) { column, cell in
            column == 2 ? self.style.status(cell) : cell
        }
        return Outcome(lines: lines, json: .array(operations.map(ResultJSON.operation)))
    }

    func poll(_ arguments: Arguments, _ context: Context) async throws(REPLError) -> Outcome {
        try arguments.expectCount(0...1)
        let operation = try await operation(arguments.positionals.first, context)
        guard let location = operation.location else {
            throw REPLError("\(operation.name) was loaded from a file; there is nothing to poll")
        }
        let snapshot = try await call("polling \(operation.name)") { client throws(SpidError) in try await client.operationStatus(at: location) }
        operations[operationIndex[operation.name]!].observe(snapshot, at: Date())
        lastOperation = operation.name
        let updated = refresh(operation.name)
        return Outcome(lines: [summaryLine(updated)], json: snapshot.raw, value: .operation(updated.name))
    }

    // MARK: show, expect

    func show(_ arguments: Arguments, _ context: Context) async throws(REPLError) -> Outcome {
        try arguments.expectCount(0...2)
        var words = arguments.positionals
        var target: (label: String, document: JSONValue, operation: TrackedOperation?)
        let namesOperation = words.first.map { $0.wholeMatch(of: /op[0-9]+/) != nil } ?? false
        if let first = words.first, namesOperation {
            let operation = try await operation(first, context)
            target = (operation.name, operation.document, operation)
            words.removeFirst()
        } else if let first = words.first, let found = try await self.target(first, allowUnknown: words.count == 1) {
            target = found
            words.removeFirst()
        } else {
            let operation = try await operation(nil, context)
            target = (operation.name, operation.document, operation)
        }
        var document = target.document
        var label = target.label
        if let path = words.first {
            document = try value(at: path, in: document, of: label)
            label += " " + path
        }
        var lines: [String] = []
        if let operation = target.operation, words.isEmpty { lines.append(summaryLine(operation)) }
        lines += TreeRenderer(style: style).render(document, label: label)
        if let operation = target.operation { lastOperation = operation.name }
        return Outcome(lines: lines, json: document, value: .document(document))
    }

    func expect(_ arguments: Arguments, _ context: Context) async throws(REPLError) -> Outcome {
        try arguments.expectCount(2...3, "a path and a value")
        var words = arguments.positionals
        let target: (label: String, document: JSONValue, operation: TrackedOperation?)
        if words.count == 3 {
            target = try await self.target(words[0], allowUnknown: false)!
            words.removeFirst()
        } else {
            let operation = try await operation(nil, context)
            target = (operation.name, operation.document, operation)
        }
        let path = words[0], wanted = words[1]
        let actual = try? JSONPath(parsing: path).resolve(in: target.document)
        guard Self.matches(actual, wanted) else {
            let shown = actual.map { $0.jsonText() } ?? "nothing"
            throw REPLError("expected \(target.label) \(path) to be \(wanted), but it is \(shown)")
        }
        return Outcome(lines: [style.good("ok") + " \(target.label) \(path) is \(wanted)"], json: ["ok": .bool(true), "path": .string(path)])
    }

    /// A value compares as the API's enumerations and ids do: text ignoring case, numbers as numbers.
    static func matches(_ actual: JSONValue?, _ wanted: String) -> Bool {
        switch actual {
        case nil, .null?: wanted == "null"
        case .string(let text)?: text.caseInsensitiveCompare(wanted) == .orderedSame
        case .number(let number)?: Double(wanted).map { $0 == number.doubleValue } ?? false
        case .bool(let flag)?: wanted.lowercased() == String(flag)
        case let value?: value.jsonText() == wanted
        }
    }

    /// An operation or a bound result named by `word`; `nil` when it names neither and `allowUnknown`.
    private func target(_ word: String, allowUnknown: Bool) async throws(REPLError) -> (label: String, document: JSONValue, operation: TrackedOperation?)? {
        if let operation = knownOperation(word) { return (operation.name, operation.document, operation) }
        if let bound = bindings[word] {
            switch bound {
            case .document(let document): return (word, document, nil)
            case .text(let text): return (word, .string(text), nil)
            case .profile(let id): return (word, .string(id.description), nil)
            case .profiles(let ids): return (word, .array(ids.map { .string($0.description) }), nil)
            case .operation: break
            }
        }
        if OperationID(word) != nil || word.contains("://") {
            let operation = try await loadRemote(word)
            return (operation.name, operation.document, operation)
        }
        if allowUnknown { return nil }
        throw REPLError("no operation or bound result \"\(word)\"; `ops` and `vars` list them")
    }

    private func value(at path: String, in document: JSONValue, of label: String) throws(REPLError) -> JSONValue {
        do {
            return try JSONPath(parsing: path).resolve(in: document)
        } catch {
            throw REPLError("\(label) has no \(path): \(error.reason)")
        }
    }

    /// One line about an operation: name, kind, status, and the result or the failure.
    func summaryLine(_ operation: TrackedOperation) -> String {
        var line = "\(style.bold(operation.name)) \(operation.kind.map { "\($0) " } ?? "")"
        if let failure = operation.failure { return line + style.bad("gone") + ": \(failure)" }
        line += style.status(operation.statusText)
        if let snapshot = operation.snapshot { line += resultText(snapshot) }
        return line
    }

    func resultText(_ snapshot: OperationSnapshot) -> String {
        switch snapshot.processingResult {
        case .enrollment(let result)?:
            return ": \(style.status(result.enrollmentStatus.wireValue)), \(Self.seconds(result.speechTime)) of speech, "
                + "\(Self.seconds(result.enrollmentSpeechTime)) in all, \(Self.seconds(result.remainingEnrollmentSpeechTime)) to go"
        case .identification(let result)?:
            guard let id = result.identifiedProfile else { return ": nobody identified, confidence \(result.confidence.wireValue)" }
            let bound = bindings.filter { $0.value == .profile(id) }.keys.sorted().first
            return ": identified \(style.bold(bound ?? id.description))\(bound == nil ? "" : " (\(id))"), confidence \(result.confidence.wireValue)"
        case .unknown?, nil:
            return snapshot.message.map { ": \($0)" } ?? ""
        }
    }
}

extension JSONPath {
    /// The value at this path, with the failure as a ``JSONPathError``.
    func resolve(in document: JSONValue) throws(JSONPathError) -> JSONValue { try document.value(at: self) }
}
