import SpeakerRecognition

/// `on EVENT [OP|all] do COMMAND`, `… exec SHELL-COMMAND` and `… module NAME`: a handler for
/// status changes. The command is kept as typed and expanded when it runs, so `$NAME` means the
/// value at that time.
enum OnCommand: RawWordsCommand {
    static let spec = CommandSpec(
        name: "on",
        usage: ["on EVENT [OP|all] do COMMAND", "on EVENT [OP|all] exec [--with-key] SHELL-COMMAND", "on EVENT [OP|all] module NAME"],
        summary: "Run a command, or a shell command, when an operation's status changes",
        details: [
            "Events: change, notstarted, running, succeeded, failed, enrolled (a succeeded Enrolled enrollment),",
            "done (succeeded or failed). Without OP the handler listens to every operation.",
            "`do` runs a REPL command in which the changed operation is the default OP, and $op, $status,",
            "$previous and $event name the change. Quote the command to keep `;` or $NAME for later: 'show; ops'.",
            "`exec` runs /bin/sh -c with the change as JSON on stdin and SPID_OPERATION, SPID_STATUS set.",
            "It gets no SPID_KEY unless you write `exec --with-key`: then SPID_KEY holds the endpoint's key.",
            "Each run keeps 1 MiB of output (the rest is dropped, and the REPL says how much). What it leaves",
            "running in the background is stopped (SIGTERM, then SIGKILL) when its handler is removed or the REPL ends.",
            "`module` hands the same JSON to a loaded handler module (see `help module`).",
            "A handler is stopped past `set handler-timeout` (30s), as set when it was added.",
        ],
        examples: [
            "on done do show", "on change all do echo $op is $status", "on failed all exec 'cat >> failures.jsonl'",
            "on done all exec --with-key './notify.sh'",
            "on enrolled op1 do identify test.wav $alice $bob", "on done all module jsonl",
        ],
        arguments: ["": [.event, .operation]])

    static func run(
        _ statement: Statement, firstWord: Int, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let words = Array(statement.words.dropFirst(firstWord))
        guard let actionIndex = words.firstIndex(where: { $0.isBare("do") || $0.isBare("exec") || $0.isBare("module") }) else {
            throw REPLError("on needs `do COMMAND`, `exec SHELL-COMMAND` or `module NAME`", usage: spec.usage)
        }
        let head = try session.expander(context).expand(Array(words[..<actionIndex]))
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
            let found = try await session.operation(head[1], context)
            guard found.location != nil else {
                throw REPLError("\(found.name) was loaded from a file and never changes; handlers need a live operation")
            }
            operation = found
        }
        guard actionIndex + 1 < words.count else {
            throw REPLError("nothing to run after \(words[actionIndex].literal)", usage: spec.usage)
        }
        var actionWords = Array(words[(actionIndex + 1)...])
        var actionStart = firstWord + actionIndex + 1
        let passesKey = words[actionIndex].isBare("exec") && actionWords.first?.isBare("--with-key") == true
        if passesKey {
            actionWords.removeFirst()
            actionStart += 1
            guard !actionWords.isEmpty else { throw REPLError("nothing to run after exec --with-key", usage: spec.usage) }
        }
        var actionText = statement.text(from: actionStart)
        if actionWords.count == 1, actionWords[0].quoted { actionText = actionWords[0].literal }
        let action: REPLHandler.Action
        if words[actionIndex].isBare("module") {
            let names = try session.expander(context).expand(actionWords)
            guard names.count == 1 else { throw REPLError("on … module takes one module name", usage: spec.usage) }
            do {
                _ = try await session.modules.info(names[0])
            } catch {
                throw REPLError(error.description)
            }
            action = .module(names[0])
        } else if words[actionIndex].isBare("exec") {
            action = .shell(actionText, passesKey: passesKey)
        } else {
            try checkCommands(in: actionText)
            action = .command(actionText)
        }
        let monitor = try session.requireConnection().monitor
        let handler = session.handlers.add(event: event, operation: operation?.name, location: operation?.location, action: action)
        session.handlers.setToken(await session.register(handler, with: monitor), for: handler.number)
        let line = "handler #\(handler.number): \(handler.description)"
        return .init(lines: [line], json: ["handler": .number(JSONNumber(handler.number)), "definition": .string(handler.description)])
    }

    /// Refuses a `do` command whose statements name no command (a binding is fine).
    private static func checkCommands(in text: String) throws(REPLError) {
        for inner in try Lexer.statements(in: text) {
            let name = inner.words[0].literal.lowercased()
            guard CommandCatalog.command(named: name) != nil || (inner.words.count > 1 && inner.words[1].isBare("=")) else {
                let near = CommandCatalog.suggestions(for: name)
                throw REPLError(
                    "the handler's command \"\(name)\" is unknown\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")")
            }
        }
    }
}
