import Foundation
import SpeakerRecognition
import SpidModules

/// Status changes to hand modules, as a monitor would.
enum Changes {
    static let operationID = "0b1b6e3c-0000-4000-8000-000000000001"
    static let location = OperationLocation(string: "http://127.0.0.1:8080/spid/v1.0/operations/\(operationID)")!

    static func change(_ previous: OperationStatus?, _ current: OperationStatus, kind: OperationKind = .enrollment) -> StatusChange {
        StatusChange(location: location, kind: kind, previous: previous, snapshot: OperationSnapshot(status: current))
    }

    /// notstarted → running → succeeded.
    static let lifecycle = [change(nil, .notStarted), change(.notStarted, .running), change(.running, .succeeded)]

    /// Reads a JSON Lines file.
    static func lines(of url: URL) throws -> [JSONValue] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONParser().parse(String($0)) }
    }
}

/// The error `body` throws, or `nil` when it succeeds.
func moduleError(_ body: () async throws(ModuleError) -> Void) async -> ModuleError? {
    do {
        try await body()
        return nil
    } catch {
        return error
    }
}

/// Events from `events` until one satisfies `last` (included), or `limit` passes.
func collect(_ events: AsyncStream<ModuleEvent>, until last: @escaping @Sendable (ModuleEvent) -> Bool, within limit: Duration = .seconds(60)) async -> [ModuleEvent] {
    await withTaskGroup(of: [ModuleEvent]?.self) { group in
        group.addTask {
            var seen: [ModuleEvent] = []
            for await event in events {
                seen.append(event)
                if last(event) { break }
            }
            return seen
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first ?? []
    }
}
