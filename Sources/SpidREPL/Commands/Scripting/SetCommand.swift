import SpeakerRecognition

/// `set`: shows or changes the session's settings.
enum SetCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "set", usage: ["set", "set NAME VALUE"],
        summary: "Show or change settings: errexit on|off, output human|json, color auto|on|off, handler-timeout D, module-timeout D",
        examples: ["set", "set errexit off", "set output json", "set handler-timeout 2m", "set module-timeout 5s"],
        arguments: ["": [.setting, .text]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let words = arguments.positionals
        if words.isEmpty {
            let lines = session.settings.lines()
            return .init(
                lines: lines,
                json: .object(
                    JSONObject(
                        lines.map { line in
                            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                            return JSONObject.Member(key: parts[0], value: .string(parts[1]))
                        })))
        }
        guard words.count == 2 else { throw REPLError("set takes a name and a value", usage: spec.usage) }
        let (name, value) = (words[0], words[1].lowercased())
        func choice(_ allowed: [String]) throws(REPLError) {
            guard allowed.contains(value) else { throw REPLError("\(name) is \(allowed.joined(separator: " or ")), not \(value)") }
        }
        switch name {
        case "errexit":
            try choice(["on", "off"])
            session.settings.errexit = value == "on"
        case "output":
            try choice(["human", "json"])
            session.settings.json = value == "json"
        case "color", "colour":
            try choice(Settings.ColorChoice.allCases.map(\.rawValue))
            session.settings.color = Settings.ColorChoice(rawValue: value)!
        case "handler-timeout":
            guard let duration = DurationText.parse(value), duration > .zero else {
                throw REPLError("handler-timeout \(value) is not a duration; write it like 30s or 2m")
            }
            session.settings.handlerTimeout = duration
        case "module-timeout":
            guard let duration = DurationText.parse(value), duration > .zero else {
                throw REPLError("module-timeout \(value) is not a duration; write it like 10s or 500ms")
            }
            session.settings.moduleTimeout = duration
            await session.modules.setCallTimeout(duration)
        default:
            let near = CommandCatalog.suggestions(for: name, among: CommandCatalog.settings)
            throw REPLError(
                "there is no setting \(name)\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?") (settings: \(CommandCatalog.settings.joined(separator: ", ")))"
            )
        }
        return .init()
    }

    /// The values `set NAME` takes, for completion.
    static func values(of name: String) -> [String] {
        switch name {
        case "errexit": ["on", "off"]
        case "output": ["human", "json"]
        case "color", "colour": Settings.ColorChoice.allCases.map(\.rawValue)
        default: []
        }
    }
}
