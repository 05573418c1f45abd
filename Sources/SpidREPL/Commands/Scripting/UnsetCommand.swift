/// `unset`: removes a bound name.
enum UnsetCommand: REPLCommand {
    static let spec = CommandSpec(name: "unset", usage: ["unset NAME"], summary: "Remove a bound name", examples: ["unset alice"])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(1...1, "a bound name")
        let name = arguments.positionals[0]
        guard session.bindings.remove(name) != nil else { throw REPLError("\(name) is not bound (`vars` lists bound names)") }
        return .init()
    }
}
