import Foundation
import SpeakerRecognition
import SpidModules

extension REPLSession {
    /// `module load PATH|NAME [as NAME] [KEY=VALUE...]` and `module configure NAME KEY=VALUE...`.
    func moduleCommand(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        var words = arguments.positionals
        guard let subcommand = words.first else {
            throw REPLError("module needs load or configure", usage: arguments.spec.usage)
        }
        words.removeFirst()
        switch subcommand {
        case "load":
            guard let path = words.first else { throw REPLError("module load needs the library's path", usage: arguments.spec.usage) }
            words.removeFirst()
            var name: String?
            if words.first == "as" {
                guard words.count >= 2 else { throw REPLError("`as` needs a name", usage: arguments.spec.usage) }
                name = words[1]
                words.removeFirst(2)
            }
            let options = try moduleOptions(words, arguments)
            let info: ModuleInfo
            do {
                info = try await modules.load(modulePath(path), as: name, options: options)
            } catch {
                throw REPLError(error.description)
            }
            moduleNames.append(info.name)
            let language = info.runtime.map { "Swift (\($0))" } ?? "C ABI"
            let line = "module \(info.name) loaded: \(info.description) [\(language), \(info.path)]"
            return Outcome(lines: [line], json: moduleDocument(info), value: .text(info.name))
        case "configure", "set":
            guard let name = words.first else { throw REPLError("module configure needs a module's name", usage: arguments.spec.usage) }
            let options = try moduleOptions(Array(words.dropFirst()), arguments)
            guard !options.isEmpty else { throw REPLError("module configure needs KEY=VALUE", usage: arguments.spec.usage) }
            for option in options {
                do {
                    try await modules.configure(name, key: option.key, value: option.value)
                } catch {
                    throw REPLError(error.description)
                }
            }
            return Outcome(lines: ["module \(name): \(options.map { Self.maskedOption($0.key, $0.value) }.joined(separator: " "))"])
        default:
            let near = CommandCatalog.suggestions(for: subcommand, among: ["load", "configure"])
            throw REPLError("module has no subcommand \(subcommand)\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")", usage: arguments.spec.usage)
        }
    }

    /// `modules`: the loaded instances.
    func listModules() async -> Outcome {
        let loaded = await modules.modules
        guard !loaded.isEmpty else {
            return Outcome(lines: ["no modules; load one with `module load PATH` (help module)"], json: .array([]))
        }
        let rows = loaded.map { info in
            [info.name, info.state.description, "\(info.deliveries)", "\(info.failures)", info.description]
        }
        var lines = TableRenderer(style: style).render(header: ["NAME", "STATE", "CHANGES", "FAILED", "DESCRIPTION"], rows: rows)
        for info in loaded where info.lastError != nil { lines.append("\(info.name): last error: \(info.lastError!)") }
        return Outcome(lines: lines, json: .array(loaded.map(moduleDocument)))
    }

    /// Hands a change to a module for a handler; its failure is printed like any handler's.
    func deliver(_ change: StatusChange, to module: String, operation: String, handler: REPLHandler) async {
        do {
            try await modules.deliver(change, to: module, operation: operation, event: handler.event)
        } catch {
            report(REPLError(error.description), prefix: "error: handler \(handler.label): ")
        }
    }

    /// What modules report on their own: log lines, and calls that came back after their limit.
    func observe(_ event: ModuleEvent) {
        switch event {
        case let .log(module, level, message):
            if level >= .warning {
                output.write("module \(module): \(level): \(message)", to: .error)
            } else {
                say("module \(module): \(message)")
            }
        case let .failed(error):
            report(REPLError(error.description), prefix: "error: ")
        case let .recovered(module, call, after):
            say("module \(module): \(call) returned after \(DurationText.format(after)); it takes changes again")
        }
    }

    /// Starts printing module events (once, at the session's start).
    func followModules() {
        let events = modules.events()
        moduleEventTask = Task { [weak self] in
            for await event in events { await self?.observe(event) }
        }
    }

    /// A path relative to the session's folder; a bare name is searched on the module path.
    private func modulePath(_ word: String) -> String {
        let expanded = (word as NSString).expandingTildeInPath
        guard expanded.contains("/") || expanded.hasSuffix(".so"), !expanded.hasPrefix("/") else { return expanded }
        return configuration.currentDirectory.appendingPathComponent(expanded).path
    }

    private func moduleOptions(_ words: [String], _ arguments: Arguments) throws(REPLError) -> [(key: String, value: String)] {
        do {
            return try ModuleHost.options(from: words)
        } catch {
            throw REPLError(error.description, usage: arguments.spec.usage)
        }
    }

    private func moduleDocument(_ info: ModuleInfo) -> JSONValue {
        [
            "name": .string(info.name), "module": .string(info.moduleName), "description": .string(info.description),
            "path": .string(info.path), "runtime": info.runtime.map { .string($0) } ?? .null, "state": .string(info.state.description),
            "changes": .number(JSONNumber(info.deliveries)), "failures": .number(JSONNumber(info.failures)),
            "lastError": info.lastError.map { .string($0) } ?? .null,
        ]
    }

    /// Option keys whose values are secrets: never echoed, kept in history as `****`.
    static func isSecretOption(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["key", "token", "secret", "password", "auth", "header"].contains { lowered.contains($0) }
    }

    static func maskedOption(_ key: String, _ value: String) -> String {
        "\(key)=\(isSecretOption(key) ? "****" : value)"
    }
}
