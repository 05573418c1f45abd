/// `profile`: identification profiles.
enum ProfileCommand: REPLCommand {
    static let spec = ProfileSubcommands.spec(
        "profile", kind: "Identification", variable: "alice",
        details: ["Locales: en-us (default) or zh-cn. A created profile's id can be bound: `alice = profile create`."])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try await ProfileSubcommands.run(arguments, kind: .identification, in: session)
    }
}
