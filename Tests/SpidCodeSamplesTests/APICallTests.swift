import Foundation
import SpeakerRecognition
import SpidCodeSamples
import SpidTestSupport
import Testing

let everyCall = SampleCalls.every

@Suite("APICall")
struct APICallTests {
    @Test("the 16 calls are 16 endpoints")
    func sixteen() {
        #expect(everyCall.count == 16)
        #expect(Set(everyCall.map(\.template)).count == 16)
    }

    @Test("each call is read back from its method, path and query", arguments: everyCall)
    func roundTrip(_ call: APICall) throws {
        #expect(try APICall(method: call.method, path: call.path, query: call.query) == call)
        #expect(try APICall(method: call.method.lowercased(), path: ServiceEndpoint.apiPath + call.path, query: call.query) == call)
    }

    @Test("a whole URL gives its endpoint and call", arguments: everyCall)
    func wholeURL(_ call: APICall) throws {
        let endpoint = try ServiceEndpoint("https://westus.api.cognitive.microsoft.com")
        let url = endpoint.url(call.path, query: call.query).absoluteString
        let parsed = try APICall.parse(method: call.method, url: url)
        #expect(parsed.endpoint == endpoint)
        #expect(parsed.call == call)
    }

    @Test("the client sends what the sample says: method, URL and Content-Type", arguments: everyCall)
    func matchesTheClient(_ call: APICall) async throws {
        let endpoint = try ServiceEndpoint("http://127.0.0.1:9")
        let recorder = RecordingTransport()
        let client = SpeakerRecognitionClient(endpoint: endpoint, key: try SubscriptionKey("k"), transport: recorder)
        try? await send(call, with: client)
        let sent = try #require(await recorder.requests.first)
        let sample = SampleRequest(call, endpoint: endpoint)
        #expect(sent.method == call.method)
        #expect(sent.url == sample.url)
        #expect(sent.headers["Content-Type"] == call.body.contentType)
        if case .json(let text) = call.body {
            #expect(sent.body.map { String(decoding: $0, as: UTF8.self) } == text)
        }
    }

    @Test("what is not one of the 16 requests is refused with what the 16 are")
    func refused() {
        let wrong: [(String, String)] = [
            ("GET", "/identify"), ("PUT", "/identificationProfiles"), ("GET", "/operations"), ("GET", "/operations/a/b"),
            ("POST", "/identificationProfiles/x/train"), ("GET", "identificationProfiles"), ("GET", "/identificationProfiles//"),
        ]
        for (method, path) in wrong {
            #expect {
                try APICall(method: method, path: path)
            } throws: { error in
                (error as? SampleError)?.message.contains("not a request of the API") == true
            }
        }
        #expect(throws: SampleError.self) { try APICall.parse(method: "GET", url: "http://127.0.0.1:8080/identificationProfiles") }
        #expect(throws: SampleError.self) { try APICall.parse(method: "GET", url: "ftp://x/spid/v1.0/identificationProfiles") }
    }

    @Test("identify's candidates and the flags are read from the query")
    func queryValues() throws {
        let call = try APICall(
            method: "POST", path: "/identify", query: [("identificationProfileIds", "a, b,,c"), ("shortaudio", "TRUE")])
        #expect(call == .identify(candidates: ["a", "b", "c"], shortAudio: true))
        #expect(
            try APICall(method: "POST", path: "/verificationProfiles/x/enroll", query: [("shortAudio", "true")])
                == .enroll(.verification, id: "x", shortAudio: false))
        #expect(try APICall(method: "GET", path: "/operations/%7BoperationId%7D") == .operationStatus(id: "{operationId}"))
    }

    /// Makes the client send `call` once; the recorder answers 500, so the call throws.
    private func send(_ call: APICall, with client: SpeakerRecognitionClient) async throws {
        let audio = try AudioFixtures.data("awb-test1.wav")
        let id = { (text: String) in ProfileID(text)! }
        switch call {
        case .createProfile(.identification, let locale): _ = try await client.createIdentificationProfile(locale: locale)
        case .createProfile(.verification, let locale): _ = try await client.createVerificationProfile(locale: locale)
        case .profile(.identification, let text): _ = try await client.identificationProfile(id(text))
        case .profile(.verification, let text): _ = try await client.verificationProfile(id(text))
        case .profiles(.identification): _ = try await client.identificationProfiles()
        case .profiles(.verification): _ = try await client.verificationProfiles()
        case .deleteProfile(.identification, let text): try await client.deleteIdentificationProfile(id(text))
        case .deleteProfile(.verification, let text): try await client.deleteVerificationProfile(id(text))
        case .resetProfile(.identification, let text): try await client.resetIdentificationProfile(id(text))
        case .resetProfile(.verification, let text): try await client.resetVerificationProfile(id(text))
        case .enroll(.identification, let text, let shortAudio):
            _ = try await client.enroll(audio, identificationProfile: id(text), shortAudio: shortAudio)
        case .enroll(.verification, let text, _): _ = try await client.enroll(audio, verificationProfile: id(text))
        case .identify(let candidates, let shortAudio):
            _ = try await client.identify(audio, among: candidates.map(id), shortAudio: shortAudio)
        case .verify(let text): _ = try await client.verify(audio, against: id(text))
        case .verificationPhrases(let locale): _ = try await client.verificationPhrases(locale: locale)
        case .operationStatus(let text): _ = try await client.operationStatus(text)
        }
    }
}

extension APICall: CustomTestStringConvertible {
    public var testDescription: String { template }
}
