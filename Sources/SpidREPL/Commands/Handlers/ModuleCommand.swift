import Foundation
import SpidModules

/// `module load PATH|NAME [as NAME] [KEY=VALUE...]` and `module configure NAME KEY=VALUE...`.
enum ModuleCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "module", usage: ["module load PATH|NAME [as NAME] [KEY=VALUE...]", "module configure NAME KEY=VALUE..."],
        summary: "Load a handler module (a shared library speaking spid_handler.h), or set its options",
        details: [
            "PATH is a built library (.build/debug/libJSONLinesHandler.so); a bare NAME is looked up as NAME or libNAME.so",
            "in $SPID_MODULE_PATH (folders separated by :) and next to spid-repl. `as NAME` loads a second instance.",
            "Then `on EVENT [OP|all] module NAME` hands it changes. Each call may take `set module-timeout` (10s);",
            "past that the module counts as stuck and changes for it are dropped (and reported) until it returns.",
            "A module that crashes is disabled; the REPL and the other modules go on. Libraries stay loaded until exit.",
            "Options whose name holds key, token, secret, password, auth or header are kept in history as ****.",
        ],
        examples: [
            "module load .build/debug/libJSONLinesHandler.so path=changes.jsonl",
            "module load WebhookHandler url=http://127.0.0.1:9000/hook",
            "module load CStatusLineHandler as lines path=status.log", "module configure jsonl fsync=off",
        ],
        subcommands: ["load", "configure"], arguments: ["load": [.file, .text], "configure": [.module, .text]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        var words = arguments.positionals
        guard let subcommand = words.first else {
            throw REPLError("module needs load or configure", usage: spec.usage)
        }
        words.removeFirst()
        switch subcommand {
        case "load":
            guard let path = words.first else { throw REPLError("module load needs the library's path", usage: spec.usage) }
            words.removeFirst()
            var name: String?
            if words.first == "as" {
                guard words.count >= 2 else { throw REPLError("`as` needs a name", usage: spec.usage) }
                name = words[1]
                words.removeFirst(2)
            }
            let options = try options(words)
            let info: ModuleInfo
            do {
                info = try await session.modules.load(
                    modulePath(path, in: session.configuration.currentDirectory), as: name, options: options)
            } catch {
                throw REPLError(error.description)
            }
            session.moduleNames.append(info.name)
            let language = info.runtime.map { "Swift (\($0))" } ?? "C ABI"
            let line = "module \(info.name) loaded: \(info.description) [\(language), \(info.path)]"
            return .init(lines: [line], json: ModulesCommand.document(info), value: .text(info.name))
        case "configure", "set":
            guard let name = words.first else { throw REPLError("module configure needs a module's name", usage: spec.usage) }
            let options = try options(Array(words.dropFirst()))
            guard !options.isEmpty else { throw REPLError("module configure needs KEY=VALUE", usage: spec.usage) }
            for option in options {
                do {
                    try await session.modules.configure(name, key: option.key, value: option.value)
                } catch {
                    throw REPLError(error.description)
                }
            }
            return .init(lines: ["module \(name): \(options.map { SecretMasking.maskedOption($0.key, $0.value) }.joined(separator: " "))"])
        default:
            let near = CommandCatalog.suggestions(for: subcommand, among: ["load", "configure"])
            throw REPLError(
                "module has no subcommand \(subcommand)\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")",
                usage: spec.usage)
        }
    }

    /// A path relative to the session's folder; a bare name is searched on the module path.
    private static func modulePath(_ word: String, in folder: URL) -> String {
        let expanded = (word as NSString).expandingTildeInPath
        guard expanded.contains("/") || expanded.hasSuffix(".so"), !expanded.hasPrefix("/") else { return expanded }
        return folder.appendingPathComponent(expanded).path
    }

    private static func options(_ words: [String]) throws(REPLError) -> [(key: String, value: String)] {
        do {
            return try ModuleHost.options(from: words)
        } catch {
            throw REPLError(error.description, usage: spec.usage)
        }
    }
}
