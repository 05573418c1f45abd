/// `off`: removes a handler, or all of them.
enum OffCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "off", usage: ["off N|all"], summary: "Remove a handler (by its number in `handlers`), or all",
        details: ["What an `exec` handler left running in the background is stopped with it (SIGTERM, then SIGKILL)."],
        examples: ["off 1", "off all"])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(1...1, "a handler number (see `handlers`) or all")
        let word = arguments.positionals[0]
        let monitor = session.connection?.monitor
        if word == "all" {
            let removed = session.handlers.removeAll()
            for handler in removed { if let token = handler.token { await monitor?.removeHandler(token) } }
            await session.processGroups.terminate()
            return .init(lines: ["removed \(removed.count) handler\(removed.count == 1 ? "" : "s")"])
        }
        guard let removed = session.handlers.remove(word) else {
            let known = session.handlers.all.map { "#\($0.number)" }.joined(separator: ", ")
            throw REPLError("there is no handler \(word)\(known.isEmpty ? "" : " (handlers: \(known))")", usage: spec.usage)
        }
        if let token = removed.token { await monitor?.removeHandler(token) }
        await session.processGroups.terminate(owner: removed.number)
        return .init(lines: ["removed handler #\(removed.number): \(removed.description)"])
    }
}
