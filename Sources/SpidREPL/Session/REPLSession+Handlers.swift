import Foundation
import SpeakerRecognition

extension REPLSession {
    /// `on EVENT [OP|all] do COMMAND`, `on EVENT [OP|all] exec SHELL-COMMAND` and
    /// `on EVENT [OP|all] module NAME`. A command is kept as typed and expanded when it runs, so
    /// `$NAME` means the value at that time.
    func registerHandler(_ statement: Statement, firstWord: Int, spec: CommandSpec, _ context: Context) async throws(REPLError) -> Outcome {
        let words = Array(statement.words.dropFirst(firstWord))
        guard let actionIndex = words.firstIndex(where: { $0.isBare("do") || $0.isBare("exec") || $0.isBare("module") }) else {
            throw REPLError("on needs `do COMMAND`, `exec SHELL-COMMAND` or `module NAME`", usage: spec.usage)
        }
        let head = try expander(context).expand(Array(words[..<actionIndex]))
        guard let event = head.first?.lowercased() else { throw REPLError("on needs an event first", usage: spec.usage) }
        guard CommandCatalog.events.contains(event) else {
            let near = CommandCatalog.suggestions(for: event, among: CommandCatalog.events)
            throw REPLError(
                "\"\(event)\" is not an event\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?") (events: \(CommandCatalog.events.joined(separator: ", ")))",
                usage: spec.usage)
        }
        guard head.count <= 2 else { throw REPLError("on takes one operation (or all) before do/exec/module", usage: spec.usage) }
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
        let action: REPLHandler.Action
        if words[actionIndex].isBare("module") {
            let names = try expander(context).expand(actionWords)
            guard names.count == 1 else { throw REPLError("on … module takes one module name", usage: spec.usage) }
            do {
                _ = try await modules.info(names[0])
            } catch {
                throw REPLError(error.description)
            }
            action = .module(names[0])
        } else if isShell {
            action = .shell(actionText)
        } else {
            let parsed = try Lexer.statements(in: actionText)
            for inner in parsed {
                let name = inner.words[0].literal.lowercased()
                guard CommandCatalog.command(named: name) != nil || (inner.words.count > 1 && inner.words[1].isBare("=")) else {
                    let near = CommandCatalog.suggestions(for: name)
                    throw REPLError("the handler's command \"\(name)\" is unknown\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")")
                }
            }
            action = .command(actionText)
        }
        var handler = REPLHandler(
            number: nextHandlerNumber, event: event, operation: operation?.name, location: operation?.location, action: action)
        nextHandlerNumber += 1
        handler.token = await register(handler, with: try requireConnection().monitor)
        handlers.append(handler)
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

    func removeHandlers(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        try arguments.expectCount(1...1, "a handler number (see `handlers`) or all")
        let word = arguments.positionals[0]
        let monitor = connection?.monitor
        if word == "all" {
            let count = handlers.count
            for handler in handlers { if let token = handler.token { await monitor?.removeHandler(token) } }
            handlers = []
            return Outcome(lines: ["removed \(count) handler\(count == 1 ? "" : "s")"])
        }
        guard let number = Int(word.hasPrefix("#") ? String(word.dropFirst()) : word),
              let index = handlers.firstIndex(where: { $0.number == number }) else {
            let known = handlers.map { "#\($0.number)" }.joined(separator: ", ")
            throw REPLError("there is no handler \(word)\(known.isEmpty ? "" : " (handlers: \(known))")", usage: arguments.spec.usage)
        }
        let removed = handlers.remove(at: index)
        if let token = removed.token { await monitor?.removeHandler(token) }
        return Outcome(lines: ["removed handler #\(removed.number): \(removed.description)"])
    }

    /// Registers a handler with a monitor. One for a single operation that already ended fires
    /// once, now; one for `all` looks ahead.
    func register(_ handler: REPLHandler, with monitor: OperationMonitor) async -> HandlerToken {
        await monitor.addHandler(
            SessionHandler(session: self, definition: handler), name: handler.label, scope: handler.scope,
            trigger: handler.trigger, timeout: settings.handlerTimeout, includeEnded: handler.operation != nil)
    }

    /// Waits for the handlers already started (the end of a `watch`, of a script, of the session).
    func settleHandlers() async {
        await connection?.monitor.handlersSettled()
    }

    /// Runs a handler for a change. Its failures are printed here; running past its timeout
    /// cancels it, and the monitor reports that (see ``observe(_:)``).
    func run(_ handler: REPLHandler, _ change: StatusChange) async {
        guard let name = operations.first(where: { $0.location == change.location })?.name else { return }
        let label = handler.label
        switch handler.action {
        case .command(let line):
            let locals = [
                "op": name, "status": change.current.wireValue, "previous": change.previous?.wireValue ?? "none", "event": handler.event,
            ]
            let context = Context(defaultOperation: name, depth: 1, inHandler: true, locals: locals)
            do {
                _ = try await run(line, context)
            } catch where !Task.isCancelled {
                report(error, prefix: "error: handler \(label): ")
            } catch {}
        case .module(let module):
            await deliver(change, to: module, operation: name, handler: handler)
        case .shell(let line):
            let document = change.document(operation: name, event: handler.event)
            var environment = configuration.environment
            environment["SPID_OPERATION"] = name
            environment["SPID_OPERATION_ID"] = change.location.operationId?.description ?? ""
            environment["SPID_STATUS"] = change.current.wireValue
            environment["SPID_PREVIOUS_STATUS"] = change.previous?.wireValue ?? ""
            environment["SPID_EVENT"] = handler.event
            do {
                let result = try await ShellCommand.run(line, input: document.jsonText() + "\n", environment: environment)
                var text = result.output
                while text.hasSuffix("\n") { text.removeLast() }
                if !text.isEmpty { say(text) }
                if result.status != 0, !Task.isCancelled {
                    report(REPLError("`\(line)` exited with status \(result.status)"), prefix: "error: handler \(label): ")
                }
            } catch {
                report(REPLError("cannot start /bin/sh: \(error.localizedDescription)"), prefix: "error: handler \(label): ")
            }
        }
    }
}
