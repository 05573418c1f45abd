import SpeakerRecognition

/// `handlers`: the handlers registered with `on`.
enum HandlersCommand: REPLCommand {
    static let spec = CommandSpec(name: "handlers", usage: ["handlers"], summary: "List the handlers registered with `on`")

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let handlers = session.handlers.all
        guard !handlers.isEmpty else { return .init(lines: ["no handlers; add one with `on EVENT [OP|all] do COMMAND`"], json: .array([])) }
        let rows = handlers.map { ["#\($0.number)", $0.description] }
        let lines = TableRenderer(style: session.style).render(header: ["N", "HANDLER"], rows: rows)
        let document = JSONValue.array(handlers.map { ["handler": .number(JSONNumber($0.number)), "definition": .string($0.description)] })
        return .init(lines: lines, json: document)
    }
}
