import SpeakerRecognition

/// `history`: the last lines entered, with secrets masked.
enum HistoryCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "history", usage: ["history [N]"], summary: "Show the last N (default 20) lines entered",
        examples: ["history", "history 100"])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(0...1)
        var count = 20
        if let word = arguments.positionals.first {
            guard let value = Int(word), value > 0 else {
                throw REPLError("history takes a number of lines, not \(word)", usage: spec.usage)
            }
            count = value
        }
        let history = session.history
        let first = max(0, history.count - count)
        let lines = history[first...].enumerated().map { "\(String(first + $0.offset + 1).leftPadded(to: 5))  \($0.element)" }
        return .init(lines: lines, json: .array(history[first...].map { .string($0) }))
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
