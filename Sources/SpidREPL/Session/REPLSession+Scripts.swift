import Foundation
import SpeakerRecognition

extension REPLSession {
    /// How a script ended.
    public enum ScriptResult: Sendable, Equatable {
        case completed
        /// An error stopped it (already printed as `NAME:LINE: error: …`).
        case failed
        case quit
    }

    /// The deepest `run` may nest (a script that runs itself stops here).
    static let maximumScriptDepth = 16

    /// Runs a script's lines: `#` comments, a `#!` first line, no prompt. The first error prints
    /// `NAME:LINE: error: …` and stops it, unless `set errexit off`. Waits for the handlers it
    /// started before returning.
    public func runScript(_ text: String, name: String) async -> ScriptResult {
        let result = await runScript(text, name: name, Context())
        await settleHandlers()
        return result
    }

    func runScript(_ text: String, name: String, _ context: Context) async -> ScriptResult {
        var failed = false
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            switch await runScriptLine(String(line), name: name, number: offset + 1, context) {
            case .ok: continue
            case .quit: return .quit
            case .failed(let stop):
                failed = true
                if stop { return .failed }
            }
        }
        return failed ? .failed : .completed
    }

    /// How one line of a script ended.
    public enum ScriptLineResult: Sendable, Equatable {
        case ok
        /// An error, printed as `NAME:LINE: error: …`; `stop` unless `set errexit off`.
        case failed(stop: Bool)
        case quit
    }

    /// Runs line `number` of a script read a line at a time (piped stdin).
    public func runScriptLine(_ line: String, name: String, number: Int) async -> ScriptLineResult {
        await runScriptLine(line, name: name, number: number, Context())
    }

    func runScriptLine(_ rawLine: String, name: String, number: Int, _ context: Context) async -> ScriptLineResult {
        var line = rawLine
        if line.hasSuffix("\r") { line.removeLast() }
        if number == 1, line.hasPrefix("#!") { return .ok }
        if line.trimmingCharacters(in: .whitespaces).isEmpty { return .ok }
        if Task.isCancelled { return .failed(stop: true) }
        func failure(_ error: REPLError) -> ScriptLineResult {
            report(error, prefix: "\(name):\(number): error: ")
            return .failed(stop: settings.errexit)
        }
        let statements: [Statement]
        do {
            statements = try Lexer.statements(in: line)
        } catch {
            return failure(error)
        }
        // Statements of one line (`-c 'A; B'`) run one by one, so errexit off goes on after a failure.
        var result = ScriptLineResult.ok
        for statement in statements {
            do {
                if try await run(statement, context).quit { return .quit }
            } catch {
                result = failure(error)
                if result == .failed(stop: true) { return result }
            }
        }
        return result
    }

    /// The message of an error a nested script printed already (with its own file and line).
    static let alreadyReported = "the script stopped at an error (reported above)"

    func runFile(_ arguments: Arguments, _ context: Context) async throws(REPLError) -> Outcome {
        try arguments.expectCount(1...1, "a script file")
        guard context.depth < Self.maximumScriptDepth else {
            throw REPLError("scripts are nested \(Self.maximumScriptDepth) deep; does a script run itself?")
        }
        let path = arguments.positionals[0]
        let text = try Self.readScript(resolve(path), named: path)
        var inner = context
        inner.depth += 1
        switch await runScript(text, name: path, inner) {
        case .completed: return Outcome()
        case .quit: return Outcome(quit: true)
        case .failed: throw REPLError(Self.alreadyReported)
        }
    }

    /// A script's text, or a clear error for a missing, binary or huge file.
    public static func readScript(_ url: URL, named name: String) throws(REPLError) -> String {
        let data = try LocalFile.read(url, named: name, what: "script", limit: 8 << 20)
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw REPLError("\(name) is not a text file (scripts are UTF-8 text, one command per line)")
        }
        return text
    }

    // MARK: set, vars, unset, sleep, history

    func set(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        let words = arguments.positionals
        if words.isEmpty {
            let lines = settings.lines()
            return Outcome(lines: lines, json: .object(JSONObject(lines.map { line in
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                return JSONObject.Member(key: parts[0], value: .string(parts[1]))
            })))
        }
        guard words.count == 2 else { throw REPLError("set takes a name and a value", usage: arguments.spec.usage) }
        let (name, value) = (words[0], words[1].lowercased())
        func choice(_ allowed: [String]) throws(REPLError) {
            guard allowed.contains(value) else { throw REPLError("\(name) is \(allowed.joined(separator: " or ")), not \(value)") }
        }
        switch name {
        case "errexit":
            try choice(["on", "off"])
            settings.errexit = value == "on"
        case "output":
            try choice(["human", "json"])
            settings.json = value == "json"
        case "color", "colour":
            try choice(Settings.ColorChoice.allCases.map(\.rawValue))
            settings.color = Settings.ColorChoice(rawValue: value)!
        case "handler-timeout":
            guard let duration = DurationText.parse(value), duration > .zero else {
                throw REPLError("handler-timeout \(value) is not a duration; write it like 30s or 2m")
            }
            settings.handlerTimeout = duration
        case "module-timeout":
            guard let duration = DurationText.parse(value), duration > .zero else {
                throw REPLError("module-timeout \(value) is not a duration; write it like 10s or 500ms")
            }
            settings.moduleTimeout = duration
            await modules.setCallTimeout(duration)
        default:
            let near = CommandCatalog.suggestions(for: name, among: CommandCatalog.settings)
            throw REPLError("there is no setting \(name)\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?") (settings: \(CommandCatalog.settings.joined(separator: ", ")))")
        }
        return Outcome()
    }

    func listBindings() -> Outcome {
        guard !bindings.isEmpty else { return Outcome(lines: ["nothing bound; bind a result with `NAME = COMMAND`"], json: [:]) }
        let names = bindings.keys.sorted()
        let lines = TableRenderer(style: style).render(header: ["NAME", "VALUE"], rows: names.map { [$0, bindings[$0]!.summary] })
        let document = JSONValue.object(JSONObject(names.map { name in
            let words = bindings[name]!.words
            return JSONObject.Member(key: name, value: words.count == 1 ? .string(words[0]) : .array(words.map { .string($0) }))
        }))
        return Outcome(lines: lines, json: document)
    }

    func unset(_ arguments: Arguments) throws(REPLError) -> Outcome {
        try arguments.expectCount(1...1, "a bound name")
        let name = arguments.positionals[0]
        guard bindings.removeValue(forKey: name) != nil else { throw REPLError("\(name) is not bound (`vars` lists bound names)") }
        return Outcome()
    }

    func sleep(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        try arguments.expectCount(1...1, "a duration such as 2s")
        guard let duration = DurationText.parse(arguments.positionals[0]) else {
            throw REPLError("\(arguments.positionals[0]) is not a duration; write it like 500ms, 2s or 1m", usage: arguments.spec.usage)
        }
        do {
            try await Task.sleep(for: duration)
        } catch {
            throw REPLError("sleep interrupted")
        }
        return Outcome()
    }

    func showHistory(_ arguments: Arguments) throws(REPLError) -> Outcome {
        try arguments.expectCount(0...1)
        var count = 20
        if let word = arguments.positionals.first {
            guard let value = Int(word), value > 0 else { throw REPLError("history takes a number of lines, not \(word)", usage: arguments.spec.usage) }
            count = value
        }
        let first = max(0, history.count - count)
        let lines = history[first...].enumerated().map { "\(String(first + $0.offset + 1).leftPadded(to: 5))  \($0.element)" }
        return Outcome(lines: lines, json: .array(history[first...].map { .string($0) }))
    }

    // MARK: help

    func help(_ arguments: Arguments) throws(REPLError) -> Outcome {
        try arguments.expectCount(0...1)
        guard let name = arguments.positionals.first else {
            let width = (CommandCatalog.all.map(\.name.count).max() ?? 0) + 2
            var lines = CommandCatalog.all.map { "  " + style.bold($0.name) + String(repeating: " ", count: width - $0.name.count) + $0.summary }
            lines.insert("Commands (`help COMMAND` for details and examples):", at: 0)
            lines += [
                "",
                "NAME = COMMAND binds a result (a profile id, an operation, a value); $NAME uses it.",
                "A command that takes OP and gets none uses the last operation. Quote arguments with spaces: \"like this\".",
                "Durations: 500ms, 45s, 2m. --json prints a command's result as JSON. Connected to \(connectionLabel).",
            ]
            return Outcome(lines: lines)
        }
        guard let spec = CommandCatalog.command(named: name.lowercased()) else {
            let near = CommandCatalog.suggestions(for: name)
            throw REPLError("no command \"\(name)\"\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?") (`help` lists them)")
        }
        var lines = spec.usage.map { "usage: " + style.bold($0) }
        lines.append("")
        lines.append(spec.summary + ".")
        lines += spec.details
        if !spec.aliases.isEmpty { lines.append("Also: \(spec.aliases.joined(separator: ", ")).") }
        if !spec.examples.isEmpty {
            lines.append("")
            lines.append("Examples:")
            lines += spec.examples.map { "  " + $0 }
        }
        return Outcome(lines: lines)
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
