/// `help`: lists the commands, or explains one with examples.
enum HelpCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "help", usage: ["help [COMMAND]"], summary: "List commands, or explain one with examples",
        examples: ["help", "help watch"], arguments: ["": [.command]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(0...1)
        let style = session.style
        guard let name = arguments.positionals.first else {
            let width = (CommandCatalog.all.map(\.name.count).max() ?? 0) + 2
            var lines = CommandCatalog.all.map {
                "  " + style.bold($0.name) + String(repeating: " ", count: width - $0.name.count) + $0.summary
            }
            lines.insert("Commands (`help COMMAND` for details and examples):", at: 0)
            lines += [
                "",
                "NAME = COMMAND binds a result (a profile id, an operation, a value); $NAME uses it.",
                "A command that takes OP and gets none uses the last operation. Quote arguments with spaces: \"like this\".",
                "Durations: 500ms, 45s, 2m. --json prints a command's result as JSON. Connected to \(session.connectionLabel).",
            ]
            return .init(lines: lines)
        }
        guard let command = CommandCatalog.command(named: name.lowercased()) else {
            let near = CommandCatalog.suggestions(for: name)
            throw REPLError(
                "no command \"\(name)\"\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?") (`help` lists them)")
        }
        var lines = command.usage.map { "usage: " + style.bold($0) }
        lines.append("")
        lines.append(command.summary + ".")
        lines += command.details
        if !command.aliases.isEmpty { lines.append("Also: \(command.aliases.joined(separator: ", ")).") }
        if !command.examples.isEmpty {
            lines.append("")
            lines.append("Examples:")
            lines += command.examples.map { "  " + $0 }
        }
        return .init(lines: lines)
    }
}
