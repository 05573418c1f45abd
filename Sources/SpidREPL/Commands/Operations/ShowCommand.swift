import SpeakerRecognition

/// `show`: an operation or a bound result as a tree, or the part of it at a path.
enum ShowCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "show", usage: ["show [OP|NAME] [PATH] [--json]", "show [OP] --as LANG"],
        summary: "Show an operation (or a bound result) as a tree, or the part of it at PATH",
        details: [
            "PATH: members separated by dots, [N] for an array element: processingResult.confidence, [0].phrase",
            "--as LANG: the request that reads the operation's status, as code (curl, python, swift…; see `code`).",
        ],
        examples: [
            "show", "show op2 processingResult", "show $who processingResult.identifiedProfileId", "show --json", "show op2 --as curl",
        ],
        options: ["--as"], arguments: ["": [.target, .text]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(0...2)
        if let language = arguments.options["--as"] {
            try arguments.expectCount(0...1, "at most an operation with --as")
            let language = try REPLSession.sampleLanguage(language)
            let operation = try await session.operation(arguments.positionals.first, context)
            return session.sampleOutcome(try session.sampleRequest(for: operation), in: language)
        }
        var words = arguments.positionals
        let target: REPLSession.Target
        let namesOperation = words.first.map { $0.wholeMatch(of: /op[0-9]+/) != nil } ?? false
        if let first = words.first, namesOperation {
            target = REPLSession.Target(try await session.operation(first, context))
            words.removeFirst()
        } else if let first = words.first, let found = try await session.target(first, allowUnknown: words.count == 1) {
            target = found
            words.removeFirst()
        } else {
            target = REPLSession.Target(try await session.operation(nil, context))
        }
        var document = target.document
        var label = target.label
        if let path = words.first {
            do {
                document = try JSONPath(parsing: path).resolve(in: document)
            } catch {
                throw REPLError("\(label) has no \(path): \(error.reason)")
            }
            label += " " + path
        }
        var lines: [String] = []
        if let operation = target.operation, words.isEmpty { lines.append(session.summaryLine(operation)) }
        lines += TreeRenderer(style: session.style).render(document, label: label)
        if let operation = target.operation { session.operations.use(operation.name) }
        return .init(lines: lines, json: document, value: .document(document))
    }
}
