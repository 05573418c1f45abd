/// `quit`: leaves the REPL (or ends a script).
enum QuitCommand: REPLCommand {
    static let spec = CommandSpec(name: "quit", aliases: ["exit"], usage: ["quit"], summary: "Leave (Ctrl-D on an empty line too)")

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        .init(quit: true)
    }
}
