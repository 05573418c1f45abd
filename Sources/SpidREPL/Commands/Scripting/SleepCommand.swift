/// `sleep`: waits while handlers go on firing.
enum SleepCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "sleep", usage: ["sleep D"], summary: "Wait (500ms, 2s, 1m); handlers go on firing", examples: ["sleep 2s"])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(1...1, "a duration such as 2s")
        guard let duration = DurationText.parse(arguments.positionals[0]) else {
            throw REPLError("\(arguments.positionals[0]) is not a duration; write it like 500ms, 2s or 1m", usage: spec.usage)
        }
        do {
            try await Task.sleep(for: duration)
        } catch {
            throw REPLError("sleep interrupted")
        }
        return .init()
    }
}
