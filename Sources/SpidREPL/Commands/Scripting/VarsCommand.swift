import SpeakerRecognition

/// `vars`: the bound names and their values.
enum VarsCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "vars", aliases: ["bindings"], usage: ["vars"], summary: "List bound names and their values",
        examples: ["vars"])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let bindings = session.bindings
        guard !bindings.isEmpty else { return .init(lines: ["nothing bound; bind a result with `NAME = COMMAND`"], json: [:]) }
        let names = bindings.names
        let lines = TableRenderer(style: session.style).render(header: ["NAME", "VALUE"], rows: names.map { [$0, bindings[$0]!.summary] })
        let document = JSONValue.object(
            JSONObject(
                names.map { name in
                    let words = bindings[name]!.words
                    return JSONObject.Member(key: name, value: words.count == 1 ? .string(words[0]) : .array(words.map { .string($0) }))
                }))
        return .init(lines: lines, json: document)
    }
}
