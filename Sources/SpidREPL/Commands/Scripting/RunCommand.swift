/// `run`: runs a script file here, stopping at its first error.
enum RunCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "run", usage: ["run FILE"], summary: "Run a script file here, stopping at its first error",
        examples: ["run scripts/examples/enroll-and-identify.spid"], arguments: ["": [.file]])

    /// The deepest `run` may nest (a script that runs itself stops here).
    static let maximumDepth = 16

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(1...1, "a script file")
        guard context.depth < maximumDepth else {
            throw REPLError("scripts are nested \(maximumDepth) deep; does a script run itself?")
        }
        let path = arguments.positionals[0]
        let text = try REPLSession.readScript(session.resolve(path), named: path)
        var inner = context
        inner.depth += 1
        switch await session.runScript(text, name: path, inner) {
        case .completed: return .init()
        case .quit: return .init(quit: true)
        case .failed: throw REPLError(REPLSession.alreadyReported)
        }
    }
}
