/// `echo`: prints its words, expanded.
enum EchoCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "echo", usage: ["echo TEXT..."], summary: "Print text (with $NAME expanded)", examples: ["echo alice is $alice"])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let text = arguments.positionals.joined(separator: " ")
        return .init(lines: [text], value: .text(text))
    }
}
