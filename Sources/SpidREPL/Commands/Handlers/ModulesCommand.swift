import SpeakerRecognition
import SpidModules

/// `modules`: the loaded handler modules, their state and counts.
enum ModulesCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "modules", usage: ["modules"], summary: "List loaded handler modules: state, changes handled, failures",
        examples: ["modules", "modules --json"])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let loaded = await session.modules.modules
        guard !loaded.isEmpty else {
            return .init(lines: ["no modules; load one with `module load PATH` (help module)"], json: .array([]))
        }
        let rows = loaded.map { info in
            [info.name, info.state.description, "\(info.deliveries)", "\(info.failures)", info.description]
        }
        var lines = TableRenderer(style: session.style).render(header: ["NAME", "STATE", "CHANGES", "FAILED", "DESCRIPTION"], rows: rows)
        for info in loaded where info.lastError != nil { lines.append("\(info.name): last error: \(info.lastError!)") }
        return .init(lines: lines, json: .array(loaded.map(document)))
    }

    /// A module as `--json` shows it.
    static func document(_ info: ModuleInfo) -> JSONValue {
        [
            "name": .string(info.name), "module": .string(info.moduleName), "description": .string(info.description),
            "path": .string(info.path), "runtime": info.runtime.map { .string($0) } ?? .null, "state": .string(info.state.description),
            "changes": .number(JSONNumber(info.deliveries)), "failures": .number(JSONNumber(info.failures)),
            "lastError": info.lastError.map { .string($0) } ?? .null,
        ]
    }
}
