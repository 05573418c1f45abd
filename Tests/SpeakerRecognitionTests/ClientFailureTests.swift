import Foundation
import Testing

@testable import SpeakerRecognition

/// Bad input and bad answers: each a typed error that names its stage, never a crash or a hang.
@Suite("Client failures")
struct ClientFailureTests {
    let profile = TestValues.profile

    func failure(_ transport: ScriptedTransport, _ call: (SpeakerRecognitionClient) async throws -> Void) async -> SpidError? {
        do {
            try await call(TestValues.client(transport))
            return nil
        } catch let error as SpidError {
            return error
        } catch {
            Issue.record("not a SpidError: \(error)")
            return nil
        }
    }

    @Test("11 profile ids and zero are refused before sending")
    func tooManyCandidates() async throws {
        let transport = ScriptedTransport(status: 202)
        let eleven = (0..<11).map { _ in ProfileID.random() }
        let error = try #require(await failure(transport) { _ = try await $0.identify(TestValues.audio, among: eleven) })
        #expect(error.stage == .invalidRequest)
        #expect(error.message.contains("at most 10"))
        #expect(await failure(transport) { _ = try await $0.identify(TestValues.audio, among: []) }?.stage == .invalidRequest)
        #expect(await transport.requests.isEmpty)
    }

    @Test("empty audio is refused before sending")
    func emptyAudio() async {
        let transport = ScriptedTransport(status: 202)
        #expect(await failure(transport) { _ = try await $0.enroll(Data(), identificationProfile: profile) }?.stage == .invalidRequest)
        #expect(await failure(transport) { _ = try await $0.verify(Data(), against: profile) }?.stage == .invalidRequest)
        #expect(await transport.requests.isEmpty)
    }

    @Test(
        "a non-GUID operation id gets the service's own message, unsent",
        arguments: ["abc", "", "111f427c3791468fb709fcef7660fff9", "111f427c-3791-468f-b709-fcef7660fff9x"])
    func nonGUID(_ text: String) async throws {
        let transport = ScriptedTransport(status: 200)
        let error = try #require(await failure(transport) { _ = try await $0.operationStatus(text) })
        #expect(error.stage == .invalidRequest)
        #expect(error.message.contains("Guid should contain 32 digits with 4 dashes"))
        #expect(await transport.requests.isEmpty)
    }

    @Test("a 202 without Operation-Location")
    func missingLocation() async throws {
        let error = try #require(
            await failure(ScriptedTransport(status: 202)) { _ = try await $0.enroll(TestValues.audio, identificationProfile: profile) })
        #expect(error.stage == .invalidResponse)
        #expect(error.message.contains("Operation-Location"))
        #expect(error.context?.method == "POST")
    }

    @Test("two Operation-Location headers, separate or joined by the transport")
    func twoLocations() async throws {
        let a = "https://myresource.cognitiveservices.azure.com/spid/v1.0/operations/\(TestValues.operation)"
        let b = "https://myresource.cognitiveservices.azure.com/spid/v1.0/operations/\(ProfileID.random())"
        var separate = TransportHeaders()
        separate.append(name: "Operation-Location", value: a)
        separate.append(name: "operation-location", value: b)
        for headers in [separate, ["Operation-Location": "\(a), \(b)"]] as [TransportHeaders] {
            let error = try #require(
                await failure(ScriptedTransport(status: 202, headers: headers)) {
                    _ = try await $0.identify(TestValues.audio, among: [profile])
                })
            #expect(error.stage == .invalidResponse)
            #expect(error.message.contains("has 2"))
        }
    }

    @Test("a relative Operation-Location resolves against the request; garbage does not")
    func relativeLocation() async throws {
        let transport = ScriptedTransport(status: 202, headers: ["Operation-Location": "/spid/v1.0/operations/\(TestValues.operation)"])
        let location = try await TestValues.client(transport).enroll(TestValues.audio, identificationProfile: profile)
        #expect(
            location.url.absoluteString == "https://myresource.cognitiveservices.azure.com/spid/v1.0/operations/\(TestValues.operation)")
        let bad = ScriptedTransport(status: 202, headers: ["Operation-Location": "ftp://x/y"])
        #expect(await failure(bad) { _ = try await $0.enroll(TestValues.audio, identificationProfile: profile) }?.stage == .invalidResponse)
    }

    @Test("the service's error envelope, status and request id are kept")
    func serviceErrors() async throws {
        let transport = ScriptedTransport(
            status: 400, headers: ["apim-request-id": "req-1"],
            body: #"{"error":{"code":"BadRequest","message":"Invalid Audio Format: Not a WAVE file - no RIFF header"}}"#)
        let error = try #require(await failure(transport) { _ = try await $0.enroll(TestValues.audio, identificationProfile: profile) })
        #expect(error.stage == .httpStatus)
        #expect(error.statusCode == 400)
        #expect(error.serviceError == .init(code: "BadRequest", message: "Invalid Audio Format: Not a WAVE file - no RIFF header"))
        #expect(error.context?.requestID == "req-1")
        #expect(error.description.contains("Not a WAVE file"))
    }

    @Test("the docs' 500 with a trailing comma, and the old gateway shape")
    func oddErrorBodies() async throws {
        let docs = ScriptedTransport(status: 500, body: #"{ "error":{ "code" : "InternalServerError", "message" : "SpeakerInvalid", } }"#)
        #expect(await failure(docs) { _ = try await $0.createIdentificationProfile() }?.serviceError?.message == "SpeakerInvalid")
        let gateway = ScriptedTransport(
            status: 401, body: #"{"statusCode":401,"message":"Access denied due to invalid subscription key."}"#)
        let error = try #require(await failure(gateway) { _ = try await $0.identificationProfiles() })
        #expect(error.serviceError == .init(code: "401", message: "Access denied due to invalid subscription key."))
        #expect(error.message.contains("check the subscription key"))
    }

    @Test("429 carries its Retry-After")
    func rateLimited() async throws {
        let transport = ScriptedTransport(
            status: 429, headers: ["Retry-After": "7"],
            body: #"{"error":{"code":"RateLimitExceeded","message":"Rate limit is exceeded. Try again later."}}"#)
        let error = try #require(await failure(transport) { _ = try await $0.operationStatus(id: TestValues.operation) })
        #expect(error.stage == .httpStatus)
        #expect(error.retryAfter == .seconds(7))
    }

    @Test("404 on an operation means gone")
    func operationGone() async throws {
        let transport = ScriptedTransport(status: 404, body: #"{"error":{"code":"NotFound","message":"No operation id found"}}"#)
        let error = try #require(await failure(transport) { _ = try await $0.operationStatus(id: TestValues.operation) })
        #expect(error.stage == .operationGone)
        #expect(error.message.contains("24 hours"))
        #expect(error.serviceError?.code == "NotFound")
    }

    @Test("a 200 with an HTML body")
    func htmlBody() async throws {
        let transport = ScriptedTransport(
            status: 200, headers: ["Content-Type": "text/html"], body: "<!DOCTYPE html><html><body>Service moved</body></html>")
        let error = try #require(await failure(transport) { _ = try await $0.operationStatus(id: TestValues.operation) })
        #expect(error.stage == .decoding)
        #expect(error.bodySnippet?.hasPrefix("<!DOCTYPE html>") == true)
        #expect(error.statusCode == 200)
        #expect(error.context?.url.path.hasSuffix("/operations/\(TestValues.operation)") == true)
        let profiles = try #require(await failure(transport) { _ = try await $0.identificationProfiles() })
        #expect(profiles.stage == .decoding)
    }

    @Test("transport errors and cancellation are wrapped with their context")
    func transportErrors() async throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "connection refused" } }
        let refused = ScriptedTransport { _ in throw Refused() }
        let error = try #require(await failure(refused) { _ = try await $0.verificationPhrases() })
        #expect(error.stage == .transport)
        #expect(error.message == "connection refused")
        #expect(error.context?.method == "GET")
        let cancelled = ScriptedTransport { _ in throw CancellationError() }
        #expect(await failure(cancelled) { _ = try await $0.verificationPhrases() }?.stage == .cancelled)
    }

    @Test("cancelling the task cancels a hanging request")
    func cancelHanging() async throws {
        let transport = ScriptedTransport { _ in
            try await Task.sleep(for: .seconds(3600))
            return TransportResponse(statusCode: 200)
        }
        let client = TestValues.client(transport)
        let task = Task { try await client.operationStatus(id: TestValues.operation) }
        while await transport.requests.isEmpty { await Task.yield() }
        task.cancel()
        let result = await task.result
        guard case let .failure(error) = result else {
            Issue.record("did not fail")
            return
        }
        #expect((error as? SpidError)?.stage == .cancelled)
    }

    @Test("the key is not sent to another host than the endpoint's")
    func foreignHost() async throws {
        let transport = ScriptedTransport(status: 200, body: #"{"status":"running"}"#)
        let elsewhere = try #require(OperationLocation(string: "https://evil.example/spid/v1.0/operations/\(TestValues.operation)"))
        let error = try #require(await failure(transport) { _ = try await $0.operationStatus(at: elsewhere) })
        #expect(error.stage == .invalidRequest)
        #expect(await transport.requests.isEmpty)
        let trusting = SpeakerRecognitionClient(
            endpoint: TestValues.endpoint, key: TestValues.key, transport: transport, sendsKeyToOtherHosts: true)
        #expect(try await trusting.operationStatus(at: elsewhere).status == .running)
    }

    @Test("no error, description or dump shows the key")
    func keyNeverShown() async throws {
        let secret = TestValues.key.secret
        let transport = ScriptedTransport(
            status: 401,
            body:
                #"{"error":{"code":"Unspecified","message":"Access denied due to invalid subscription key. Make sure you are subscribed to an API you are trying to call and provide the right key."}}"#
        )
        let client = TestValues.client(transport)
        let error = try #require(await failure(transport) { _ = try await $0.identificationProfiles() })
        var dumped = ""
        dump(client, to: &dumped)
        dump(error, to: &dumped)
        for text in [
            error.description, "\(error)", String(reflecting: error), "\(TestValues.key)", String(reflecting: TestValues.key), "\(client)",
            dumped,
        ] {
            #expect(!text.contains(secret), "\(text)")
        }
    }
}
