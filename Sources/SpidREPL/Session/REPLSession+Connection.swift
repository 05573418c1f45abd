import Foundation
import SpeakerRecognition

extension REPLSession {
    func connect(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        let words = arguments.positionals
        if words.isEmpty {
            let text = "connected to \(connectionLabel)"
            return Outcome(lines: [text], json: ["connection": .string(connectionLabel)], value: .text(connectionLabel))
        }
        let next: Connection
        if words == ["local"] {
            next = try Connection.local(configuration)
        } else {
            var key = configuration.key
            switch words.count {
            case 1: break
            case 3 where words[1] == "key":
                do {
                    key = try SubscriptionKey(words[2])
                } catch {
                    throw REPLError(error)
                }
            default:
                throw REPLError("connect takes `local`, or an endpoint and optionally `key KEY`", usage: arguments.spec.usage)
            }
            next = try Connection.remote(words[0], key: key, configuration)
        }
        let dropped = operations.filter { $0.location != nil }.count
        await settleHandlers()
        await close()
        operations.removeAll { $0.location != nil }
        operationIndex = Dictionary(uniqueKeysWithValues: operations.enumerated().map { ($0.element.name, $0.offset) })
        if let last = lastOperation, operationIndex[last] == nil { lastOperation = nil }
        profileKinds = [:]
        await use(next)
        // Handlers for every operation carry over; those for one dropped operation go with it.
        let droppedHandlers = handlers.filter { $0.operation != nil }.count
        handlers.removeAll { $0.operation != nil }
        for index in handlers.indices { handlers[index].token = await register(handlers[index], with: next.monitor) }
        var lines = ["connected to \(next.label)"]
        if dropped > 0 { lines.append("(\(dropped) operation\(dropped == 1 ? "" : "s") of the previous service dropped from `ops`)") }
        if droppedHandlers > 0 { lines.append("(\(droppedHandlers) handler\(droppedHandlers == 1 ? "" : "s") for them removed)") }
        return Outcome(lines: lines, json: ["connection": .string(next.label)], value: .text(next.label))
    }

    /// Makes `connection` current and starts following its monitor's events.
    func use(_ connection: Connection) async {
        self.connection = connection
        if let emulator = connection.emulator { await emulator.start() }
        let events = await connection.monitor.events()
        eventTask = Task { [weak self] in
            for await event in events { await self?.observe(event) }
        }
    }

    /// Ends watching and the embedded service of the current connection. The monitor's last
    /// reports (a handler that timed out) are printed before this returns.
    func close() async {
        guard let connection else { return }
        await connection.monitor.shutdown()
        await eventTask?.value
        eventTask = nil
        if let emulator = connection.emulator { await emulator.shutdown() }
        self.connection = nil
    }

    func requireConnection() throws(REPLError) -> Connection {
        guard let connection else { throw REPLError("not connected; use `connect local` or `connect URL key KEY`") }
        return connection
    }

    /// Runs a client call, turning its error into one line that starts with `action`.
    func call<Value: Sendable>(
        _ action: String? = nil, _ body: (SpeakerRecognitionClient) async throws(SpidError) -> Value
    ) async throws(REPLError) -> Value {
        let client = try requireConnection().client
        do {
            return try await body(client)
        } catch {
            if error.stage == .cancelled || Task.isCancelled { throw REPLError("\(action ?? "the request") was interrupted") }
            throw REPLError(error, doing: action)
        }
    }

    /// What the monitor reports: status changes update `ops` and fire handlers.
    func observe(_ event: MonitorEvent) {
        switch event {
        case .changed(let change):
            guard let index = operations.firstIndex(where: { $0.location == change.location }) else { return }
            operations[index].observe(change.snapshot, at: Date())
        case .ended(let location, .success(let snapshot)):
            guard let index = operations.firstIndex(where: { $0.location == location }) else { return }
            operations[index].observe(snapshot, at: Date())
        case .ended(let location, .failure(let error)):
            guard error.stage != .cancelled, error.stage != .operationFailed, let index = operations.firstIndex(where: { $0.location == location }) else { return }
            operations[index].failure = REPLError(error).message
        case .handlerTimedOut(_, let handler, let timeout):
            report(REPLError("it ran past \(DurationText.format(timeout)) and was stopped (set handler-timeout D)"), prefix: "error: handler \(handler): ")
        case .handlerFailed(_, let handler, let message):
            report(REPLError(message), prefix: "error: handler \(handler): ")
        case .unknownStatus, .retrying:
            break
        }
    }
}
