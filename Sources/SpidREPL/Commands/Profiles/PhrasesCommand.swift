import SpeakerRecognition

/// `phrases`: the verification phrases of a locale.
enum PhrasesCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "phrases", usage: ["phrases [LOCALE]"], summary: "List the verification phrases of a locale",
        examples: ["phrases", "phrases en-us"], arguments: ["": [.locale]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(0...1)
        let locale = arguments.positionals.first ?? "en-us"
        let phrases = try await session.call("listing phrases") { client throws(SpidError) in
            try await client.verificationPhrases(locale: locale)
        }
        let document = JSONValue.array(phrases.map { ["phrase": .string($0.phrase)] })
        return .init(lines: phrases.map { "  \($0.phrase)" }, json: document, value: .document(document))
    }
}
