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
        let (operation, location) = try await session.liveOperation(
            arguments.positionals.first, context, consequence: "there is nothing to poll")
        let snapshot = try await session.call("polling \(operation.name)") { client throws(SpidError) in
            try await client.operationStatus(at: location)
        }
        session.operations.observe(snapshot, at: location)
        session.operations.use(operation.name)
        let updated = session.refresh(operation.name)
        return .init(lines: [session.summaryLine(updated)], json: snapshot.raw, value: .operation(updated.name))
    }
}
