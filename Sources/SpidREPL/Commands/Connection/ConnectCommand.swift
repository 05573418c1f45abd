import SpeakerRecognition

/// `connect`: shows or changes the service, the embedded one or an endpoint.
enum ConnectCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "connect", usage: ["connect", "connect local", "connect URL|REGION [key KEY]"],
        summary: "Show or change the service: the embedded one, or an endpoint",
        details: [
            "`connect local` uses the service embedded in this process (data kept between runs unless --ephemeral).",
            "An endpoint is a URL (http://127.0.0.1:8080, https://NAME.cognitiveservices.azure.com) or a region (westus).",
            "The key comes from `key KEY`, else --key-file or SPID_KEY. It is never printed or kept in history.",
        ],
        examples: ["connect", "connect local", "connect http://127.0.0.1:8080 key 0123abcd", "connect westus"],
        subcommands: ["local"], arguments: ["": [.text]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let words = arguments.positionals
        if words.isEmpty {
            let label = session.connectionLabel
            return .init(lines: ["connected to \(label)"], json: ["connection": .string(label)], value: .text(label))
        }
        let next: Connection
        if words == ["local"] {
            next = try Connection.local(session.configuration)
        } else {
            var key = session.configuration.key
            switch words.count {
            case 1: break
            case 3 where words[1] == "key":
                do {
                    key = try SubscriptionKey(words[2])
                } catch {
                    throw REPLError(error)
                }
            default:
                throw REPLError("connect takes `local`, or an endpoint and optionally `key KEY`", usage: spec.usage)
            }
            next = try Connection.remote(words[0], key: key, session.configuration)
        }
        await session.settleHandlers()
        await session.close()
        let dropped = session.operations.removeLive()
        session.profileKinds = [:]
        await session.use(next)
        // Handlers for every operation carry over; those for one dropped operation go with it.
        let droppedHandlers = session.handlers.removeOperationScoped()
        for handler in droppedHandlers { await session.processGroups.terminate(owner: handler.number) }
        for handler in session.handlers.all {
            session.handlers.setToken(await session.register(handler, with: next.monitor), for: handler.number)
        }
        var lines = ["connected to \(next.label)"]
        if dropped > 0 { lines.append("(\(dropped) operation\(dropped == 1 ? "" : "s") of the previous service dropped from `ops`)") }
        if !droppedHandlers.isEmpty {
            lines.append("(\(droppedHandlers.count) handler\(droppedHandlers.count == 1 ? "" : "s") for them removed)")
        }
        return .init(lines: lines, json: ["connection": .string(next.label)], value: .text(next.label))
    }
}
