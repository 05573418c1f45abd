import Foundation
import SpeakerRecognition

extension REPLSession {
    /// `on EVENT [OP|all] do COMMAND` and `on EVENT [OP|all] exec SHELL-COMMAND`. The action is
    /// kept as typed and expanded when it runs, so `$NAME` means the value at that time.
    func registerHandler(_ statement: Statement, firstWord: Int, spec: CommandSpec, _ context: Context) async throws(REPLError) -> Outcome {
        let words = Array(statement.words.dropFirst(firstWord))
        guard let actionIndex = words.firstIndex(where: { $0.isBare("do") || $0.isBare("exec") }) else {
            throw REPLError("on needs `do COMMAND` or `exec SHELL-COMMAND`", usage: spec.usage)
        }
        let head = try expander(context).expand(Array(words[..<actionIndex]))
        guard let event = head.first?.lowercased() else { throw REPLError("on needs an event first", usage: spec.usage) }
        guard CommandCatalog.events.contains(event) else {
            let near = CommandCatalog.suggestions(for: event, among: CommandCatalog.events)
            throw REPLError(
                "\"\(event)\" is not an event\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?") (events: \(CommandCatalog.events.joined(separator: ", ")))",
                usage: spec.usage)
        }
        guard head.count <= 2 else { throw REPLError("on takes one operation (or all) before do/exec", usage: spec.usage) }
        var operation: TrackedOperation?
        if head.count == 2, head[1] != "all" {
            operation = try await self.operation(head[1], context)
            guard operation?.location != nil else {
                throw REPLError("\(operation!.name) was loaded from a file and never changes; handlers need a live operation")
            }
        }
        let actionWords = Array(words[(actionIndex + 1)...])
        guard !actionWords.isEmpty else { throw REPLError("nothing to run after \(words[actionIndex].literal)", usage: spec.usage) }
        var actionText = statement.text(from: firstWord + actionIndex + 1)
        if actionWords.count == 1, actionWords[0].quoted { actionText = actionWords[0].literal }
        let isShell = words[actionIndex].isBare("exec")
        if !isShell {
            let parsed = try Lexer.statements(in: actionText)
            for inner in parsed {
                let name = inner.words[0].literal.lowercased()
                guard CommandCatalog.command(named: name) != nil || (inner.words.count > 1 && inner.words[1].isBare("=")) else {
                    let near = CommandCatalog.suggestions(for: name)
                    throw REPLError("the handler's command \"\(name)\" is unknown\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")")
                }
            }
        }
        let handler = REPLHandler(
            number: nextHandlerNumber, event: event, operation: operation?.name, location: operation?.location,
            action: isShell ? .shell(actionText) : .command(actionText))
        nextHandlerNumber += 1
        handlers.append(handler)
        // A handler for one operation that already ended fires once, now; `all` looks ahead.
        for tracked in operations where tracked.name == handler.operation && tracked.status?.isTerminal == true {
            guard let location = tracked.location, let snapshot = tracked.snapshot else { continue }
            let change = StatusChange(location: location, kind: tracked.kind, previous: nil, snapshot: snapshot)
            if handler.fires(for: change) { schedule(handler, change, operation: tracked.name) }
        }
        let line = "handler #\(handler.number): \(handler.description)"
        return Outcome(lines: [line], json: ["handler": .number(JSONNumber(handler.number)), "definition": .string(handler.description)])
    }

    func listHandlers() -> Outcome {
        guard !handlers.isEmpty else { return Outcome(lines: ["no handlers; add one with `on EVENT [OP|all] do COMMAND`"], json: .array([])) }
        let rows = handlers.map { ["#\($0.number)", $0.description] }
        let lines = TableRenderer(style: style).render(header: ["N", "HANDLER"], rows: rows)
        let document = JSONValue.array(handlers.map { ["handler": .number(JSONNumber($0.number)), "definition": .string($0.description)] })
        return Outcome(lines: lines, json: document)
    }

    func removeHandlers(_ arguments: Arguments) throws(REPLError) -> Outcome {
        try arguments.expectCount(1...1, "a handler number (see `handlers`) or all")
        let word = arguments.positionals[0]
        if word == "all" {
            let count = handlers.count
            handlers = []
            return Outcome(lines: ["removed \(count) handler\(count == 1 ? "" : "s")"])
        }
        guard let number = Int(word.hasPrefix("#") ? String(word.dropFirst()) : word),
              let index = handlers.firstIndex(where: { $0.number == number }) else {
            let known = handlers.map { "#\($0.number)" }.joined(separator: ", ")
            throw REPLError("there is no handler \(word)\(known.isEmpty ? "" : " (handlers: \(known))")", usage: arguments.spec.usage)
        }
        let removed = handlers.remove(at: index)
        return Outcome(lines: ["removed handler #\(removed.number): \(removed.description)"])
    }

    /// Starts the handlers that listen for `change`.
    func fireHandlers(for change: StatusChange, operation name: String) {
        for handler in handlers where handler.fires(for: change) { schedule(handler, change, operation: name) }
    }

    /// Runs a handler after the earlier ones of the same operation, so each sees changes in order.
    private func schedule(_ handler: REPLHandler, _ change: StatusChange, operation name: String) {
        nextTaskNumber += 1
        let number = nextTaskNumber
        let previous = handlerChains[name]
        let task = Task { [weak self] in
            await previous?.value
            await self?.run(handler, change, operation: name)
            await self?.finished(number)
        }
        handlerTasks[number] = task
        handlerChains[name] = task
    }

    private func finished(_ number: Int) {
        handlerTasks[number] = nil
    }

    /// Waits for handlers already started (the end of a `watch`, of a script, of the session).
    func settleHandlers() async {
        while let (_, task) = handlerTasks.first {
            await task.value
        }
        handlerChains = [:]
    }

    private func run(_ handler: REPLHandler, _ change: StatusChange, operation name: String) async {
        let label = "#\(handler.number) on \(handler.event)"
        let timeout = settings.handlerTimeout
        switch handler.action {
        case .command(let line):
            let locals = [
                "op": name, "status": change.current.wireValue, "previous": change.previous?.wireValue ?? "none", "event": handler.event,
            ]
            let context = Context(defaultOperation: name, depth: 1, inHandler: true, locals: locals)
            let outcome: REPLError? = await Self.withTimeout(timeout) { () async throws(REPLError) in
                _ = try await self.run(line, context)
            }
            if let outcome { report(outcome, prefix: "error: handler \(label): ") }
        case .shell(let line):
            let document = changeDocument(change, operation: name, event: handler.event)
            var environment = configuration.environment
            environment["SPID_OPERATION"] = name
            environment["SPID_OPERATION_ID"] = change.location.operationId?.description ?? ""
            environment["SPID_STATUS"] = change.current.wireValue
            environment["SPID_PREVIOUS_STATUS"] = change.previous?.wireValue ?? ""
            environment["SPID_EVENT"] = handler.event
            do {
                let result = try await ShellCommand.run(line, input: document.jsonText() + "\n", environment: environment, timeout: timeout)
                var text = result.output
                while text.hasSuffix("\n") { text.removeLast() }
                if !text.isEmpty { say(text) }
                if result.timedOut {
                    report(REPLError("it ran past \(DurationText.format(timeout)) and was stopped (set handler-timeout D)"), prefix: "error: handler \(label): ")
                } else if result.status != 0 {
                    report(REPLError("`\(line)` exited with status \(result.status)"), prefix: "error: handler \(label): ")
                }
            } catch {
                report(REPLError("cannot start /bin/sh: \(error.localizedDescription)"), prefix: "error: handler \(label): ")
            }
        }
    }

    /// The change as `exec` handlers get it on stdin.
    func changeDocument(_ change: StatusChange, operation name: String, event: String) -> JSONValue {
        [
            "event": .string(event),
            "operation": .string(name),
            "operationId": change.location.operationId.map { .string($0.description) } ?? .null,
            "location": .string(change.location.url.absoluteString),
            "kind": change.kind.map { .string($0.rawValue) } ?? .null,
            "previous": change.previous.map { .string($0.wireValue) } ?? .null,
            "status": .string(change.current.wireValue),
            "document": change.snapshot.raw,
        ]
    }

    /// Runs `body`, cancelling it past `timeout`; returns its error, or one for the timeout.
    static func withTimeout(_ timeout: Duration, _ body: @escaping @Sendable () async throws(REPLError) -> Void) async -> REPLError? {
        await withTaskGroup(of: REPLError?.self) { group in
            group.addTask {
                do throws(REPLError) {
                    try await body()
                    return nil
                } catch {
                    return error
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    return nil
                }
                return REPLError("it ran past \(DurationText.format(timeout)) and was stopped (set handler-timeout D)")
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
