import Foundation

/// `ops`: the loaded operations as a table.
enum OpsCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "ops", usage: ["ops"], summary: "List the loaded operations: name, kind, status, age",
        examples: ["ops", "ops --json"])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let operations = session.operations.all
        guard !operations.isEmpty else {
            return .init(lines: ["no operations yet; enroll, identify or `load ID|URL|FILE`"], json: .array([]))
        }
        let now = Date()
        let rows = operations.map { operation -> [String] in
            let status = operation.failure != nil ? "gone" : operation.statusText
            let since = operation.snapshot?.createdDateTime ?? operation.addedAt
            return [
                operation.name, operation.kind?.rawValue ?? "-", status,
                DurationText.format(seconds: max(0, now.timeIntervalSince(since))), operation.origin,
            ]
        }
        let style = session.style
        let lines = TableRenderer(style: style).render(header: ["NAME", "KIND", "STATUS", "AGE", "FROM"], rows: rows) { column, cell in
            column == 2 ? style.status(cell) : cell
        }
        return .init(lines: lines, json: .array(operations.map(ResultJSON.operation)))
    }
}
