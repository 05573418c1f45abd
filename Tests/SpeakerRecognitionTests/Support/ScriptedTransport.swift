import Foundation
import SpeakerRecognition

/// A transport that records every request and answers from a script.
actor ScriptedTransport: Transport {
    typealias Reply = @Sendable (TransportRequest) async throws -> TransportResponse

    private(set) var requests: [TransportRequest] = []
    private var reply: Reply

    init(_ reply: @escaping Reply) { self.reply = reply }

    init(status: Int = 200, headers: TransportHeaders = [:], body: String = "") {
        reply = { _ in TransportResponse(statusCode: status, headers: headers, body: Data(body.utf8)) }
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        requests.append(request)
        return try await reply(request)
    }

    var lastRequest: TransportRequest? { requests.last }
}

enum TestValues {
    static let key = try! SubscriptionKey("test-key-0123456789")
    static let endpoint = try! ServiceEndpoint("https://myresource.cognitiveservices.azure.com")
    static let profile = ProfileID("111f427c-3791-468f-b709-fcef7660fff9")!
    static let otherProfile = ProfileID("49a36324-fc4b-4387-aa06-090cfbf0064f")!
    static let operation = OperationID("ef217d0c-9085-45d7-aae0-2b36471b89b5")!
    static let audio = Data("RIFF....WAVEfmt ".utf8)

    static func client(_ transport: ScriptedTransport) -> SpeakerRecognitionClient {
        SpeakerRecognitionClient(endpoint: endpoint, key: key, transport: transport)
    }
}

enum Fixture {
    /// The text of a file under Fixtures/, verbatim.
    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return try Data(contentsOf: url)
    }

    struct FixtureMissing: Error { var name: String }
}
