import Foundation
import SpeakerRecognition

/// `resume`: goes on watching an operation from a resume token.
enum ResumeCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "resume", usage: ["resume TOKEN"], summary: "Go on watching an operation from a resume token",
        examples: ["resume spid-resume:eyJsb2Nh…"])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(1...1, "a resume token (from `token`)")
        guard let token = ResumeToken(arguments.positionals[0]) else {
            throw REPLError("that is not a resume token; tokens start with spid-resume: and come from `token OP`")
        }
        let connection = try session.requireConnection()
        guard connection.isLocal || connection.client.endpoint.isSameOrigin(as: token.location.url) else {
            throw REPLError(
                "the token's operation is on \(token.location.url.host ?? "another host"), not \(session.connectionLabel); connect there first"
            )
        }
        var operation = session.operations.register(location: token.location, kind: token.kind, origin: "resume")
        if operation.snapshot == nil, let status = token.lastStatus {
            session.operations.update(operation.name) { $0.transitions.append((status, Date())) }
            operation = session.refresh(operation.name)
        }
        await connection.monitor.resume(token)
        let line =
            "\(session.style.bold(operation.name)) resumed: \(token.location.operationId?.description ?? token.location.url.absoluteString)"
            + (token.lastStatus.map { " (last seen \($0))" } ?? "")
        return .init(lines: [line], json: ResultJSON.operation(operation), value: .operation(operation.name))
    }
}
