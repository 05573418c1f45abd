import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// A running `spid-server` with a client, and raw-request helpers.
struct ServerHarness {
    let server: ServerProcess
    let client: SpeakerRecognitionClient
    let transport: any Transport

    /// - Parameters:
    ///   - requestTimeout: URLSession on Linux waits this long when a server drops the connection
    ///     during a POST with a body (it cannot resend the body), so fault tests keep it short.
    ///   - transport: `SPID_TEST_TRANSPORT` unless a test names one.
    init(
        _ arguments: [String] = ["--processing-delay", "0.05"], requestTimeout: Duration = .seconds(30),
        transport kind: TransportKind = .fromEnvironment
    ) async throws {
        transport = kind.make(requestTimeout: requestTimeout)
        server = try await ServerProcess.started(arguments)
        client = SpeakerRecognitionClient(
            endpoint: try ServiceEndpoint("http://127.0.0.1:\(server.port)"), key: try SubscriptionKey(server.key),
            transport: transport)
    }

    /// One request as written, with the key unless `key` says otherwise.
    func raw(
        _ method: String, _ path: String, key: String?? = .none, headers: [(String, String)] = [], body: Data? = nil
    ) async throws -> TransportResponse {
        var fields = TransportHeaders()
        switch key {
        case .none: fields.append(name: "Ocp-Apim-Subscription-Key", value: server.key)
        case .some(.some(let other)): fields.append(name: "Ocp-Apim-Subscription-Key", value: other)
        case .some(.none): break
        }
        for (name, value) in headers { fields.append(name: name, value: value) }
        let url = try #require(URL(string: server.apiBase + path))
        return try await transport.send(TransportRequest(method: method, url: url, headers: fields, body: body))
    }

    /// Polls an operation until it ends (at most 120 s), returning the final snapshot.
    func waitForOperation(_ location: OperationLocation) async throws -> OperationSnapshot {
        for _ in 0..<1200 {
            let snapshot = try await client.operationStatus(at: location)
            if snapshot.status.isTerminal { return snapshot }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError(message: "operation \(location) did not end within 120 s")
    }
}

extension TransportResponse {
    /// The body as a JSON tree.
    var json: JSONValue? { try? JSONParser().parse(body) }
    /// `error.message` of an error body.
    var errorMessage: String? { json?["error"]?["message"]?.stringValue }
    var errorCode: String? { json?["error"]?["code"]?.stringValue }
}
