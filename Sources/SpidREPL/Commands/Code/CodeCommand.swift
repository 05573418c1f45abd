import SpeakerRecognition
import SpidCodeSamples

/// `code`: an operation's status request, or a command's request, as code in another language.
enum CodeCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "code", usage: ["code", "code LANG [OP]", "code LANG COMMAND..."],
        summary: "Write an operation's status request, or a command's request, as curl, Python, Swift… (nothing is sent)",
        details: [
            "LANG: " + SampleLanguage.allCases.map(\.rawValue).joined(separator: ", ") + " (also c#, js, py, rb, objective-c).",
            "COMMAND: profile …, vprofile …, enroll, identify, verify or phrases, as you would type it.",
            "The code reads the key from SPID_KEY and never holds it; on the embedded service it calls spid-server at 127.0.0.1:8080.",
            "Nothing is sent, except that `code LANG enroll` reads the profile once to tell identification from verification.",
        ],
        examples: ["code python", "code curl op2", "code swift enroll $alice alice.wav --short-audio", "code ruby profile create"],
        flags: ["--short-audio"], arguments: ["": [.text, .operation]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let words = arguments.positionals
        guard let first = words.first else {
            let lines = SampleLanguage.allCases.map { "\($0.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \($0.title)" }
            return .init(
                lines: ["languages (code LANG [OP], code LANG COMMAND...):"] + lines,
                json: .array(SampleLanguage.allCases.map { .string($0.rawValue) }))
        }
        let language = try REPLSession.sampleLanguage(first)
        let rest = Array(words.dropFirst())
        let namesCommand = rest.first.map { CommandCatalog.commandType(named: $0.lowercased()) != nil } ?? false
        if namesCommand {
            let request = try await session.sampleRequest(command: rest, shortAudio: arguments.has("--short-audio"))
            return session.sampleOutcome(request, in: language)
        }
        guard rest.count <= 1 else {
            throw REPLError("code takes a language and one operation, or a language and a command", usage: spec.usage)
        }
        if arguments.has("--short-audio") { throw REPLError("--short-audio goes with enroll or identify, not an operation") }
        let operation = try await session.operation(rest.first, context)
        return session.sampleOutcome(try session.sampleRequest(for: operation), in: language)
    }
}
