import Foundation
import SpeakerRecognition

/// `poll`: asks for an operation's status once, now.
enum PollCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "poll", usage: ["poll [OP]"], summary: "Ask for an operation's status once, now",
        examples: ["poll", "poll op2"], arguments: ["": [.operation]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(0...1)
        let operation = try await session.operation(arguments.positionals.first, context)
        guard let location = operation.location else {
            throw REPLError("\(operation.name) was loaded from a file; there is nothing to poll")
        }
        let snapshot = try await session.call("polling \(operation.name)") { client throws(SpidError) in
            try await client.operationStatus(at: location)
        }
        session.operations.observe(snapshot, at: location)
        session.operations.use(operation.name)
        let updated = session.refresh(operation.name)
        return .init(lines: [session.summaryLine(updated)], json: snapshot.raw, value: .operation(updated.name))
    }
}
