import SpeakerRecognition

/// `token`: a resume token for an operation, to go on watching it elsewhere.
enum TokenCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "token", usage: ["token [OP]"],
        summary: "Print a resume token: the operation's location and last status, never the key",
        examples: ["token op1", "t = token; resume $t"], arguments: ["": [.operation]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(0...1)
        let (operation, location) = try await session.liveOperation(
            arguments.positionals.first, context, consequence: "it has no location to resume")
        let token = ResumeToken(location: location, kind: operation.kind, lastStatus: operation.status).description
        return .init(lines: [token], json: ["token": .string(token)], value: .text(token))
    }
}
