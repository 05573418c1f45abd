/// One command of the REPL: its grammar and what it does.
///
/// A command is a caseless type in a file of its own; listing it in ``CommandCatalog/commands``
/// is all it takes for `help`, tab completion and dispatch to know it.
protocol REPLCommand: Sendable {
    /// The name, usage, help text, flags and argument kinds.
    static var spec: CommandSpec { get }

    /// Runs the command on the session's actor, with its words expanded and read as ``spec`` says.
    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome
}

/// A command that reads its words as typed, before `$NAME` expansion (`on` keeps a command to
/// expand when it fires).
protocol RawWordsCommand: REPLCommand {
    /// Runs the command on `statement`, whose words from `firstWord` on are the command's.
    static func run(
        _ statement: Statement, firstWord: Int, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome
}

extension RawWordsCommand {
    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        throw REPLError("\(spec.name) reads its words as typed")
    }
}
