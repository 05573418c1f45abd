import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// `POST /console/samples` on the real `spid-server`: the console's request in ten languages,
/// and a clear 4xx for anything else. `CodeSampleRunTests` runs what it writes.
@Suite(.timeLimit(.minutes(5))) struct ServerCodeSampleTests {
    static func post(_ harness: ServerHarness, _ body: String, method: String = "POST") async throws -> TransportResponse {
        let url = try #require(URL(string: "http://127.0.0.1:\(harness.server.port)/console/samples"))
        return try await harness.transport.send(
            TransportRequest(method: method, url: url, headers: ["Content-Type": "application/json"], body: Data(body.utf8)))
    }

    static func message(_ response: TransportResponse) -> String {
        (try? JSONSerialization.jsonObject(with: response.body) as? [String: [String: String]])?["error"]?["message"] ?? ""
    }

    @Test func aRequestInTenLanguagesWithoutAKey() async throws {
        let harness = try await ServerHarness()
        let url = "https://westus.api.cognitive.microsoft.com/spid/v1.0/identificationProfiles"
        let response = try await Self.post(harness, #"{"method":"POST","url":"\#(url)","body":"{\"locale\":\"zh-cn\"}"}"#)
        #expect(response.statusCode == 200)
        let answer = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(answer["request"] as? String == "POST /identificationProfiles")
        let samples = try #require(answer["samples"] as? [[String: String]])
        #expect(
            samples.map { $0["language"] ?? "" } == [
                "curl", "csharp", "java", "javascript", "objc", "php", "python", "ruby", "swift", "repl",
            ])
        for sample in samples {
            let code = sample["code"] ?? ""
            #expect(code.contains("westus.api.cognitive.microsoft.com"), "\(sample["language"] ?? "")")
            #expect(code.contains("zh-cn"), "\(sample["language"] ?? ""): the locale comes from the body")
            #expect(!code.contains(harness.server.key))
        }
    }

    @Test func anUploadNamesTheChosenFile() async throws {
        let harness = try await ServerHarness()
        let url = "\(harness.server.apiBase)/identificationProfiles/\(SampleCalls.profileID)/enroll?shortAudio=true"
        let response = try await Self.post(harness, #"{"method":"POST","url":"\#(url)","audioFile":"alice.wav"}"#)
        #expect(response.statusCode == 200)
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.contains("--data-binary @alice.wav"))
    }

    @Test func whatIsNotARequestOfTheAPIIsRefusedWithWhy() async throws {
        let harness = try await ServerHarness()
        let notJSON = try await Self.post(harness, "method=GET")
        #expect(notJSON.statusCode == 400)
        #expect(Self.message(notJSON).contains("The body must be JSON"))

        let otherPath = try await Self.post(harness, #"{"method":"GET","url":"\#(harness.server.apiBase)/speakers"}"#)
        #expect(otherPath.statusCode == 400)
        #expect(Self.message(otherPath).contains("not a request of the API"))

        let noAPI = try await Self.post(harness, #"{"method":"GET","url":"http://127.0.0.1:1/elsewhere"}"#)
        #expect(noAPI.statusCode == 400)
        #expect(Self.message(noAPI).contains("it must hold /spid/v1.0"))

        let badLocale = try await Self.post(
            harness, #"{"method":"POST","url":"\#(harness.server.apiBase)/identificationProfiles","body":"{locale"}"#)
        #expect(badLocale.statusCode == 400)
        #expect(Self.message(badLocale).contains("the body is not JSON"))

        let get = try await Self.post(harness, "", method: "GET")
        #expect(get.statusCode == 405)
        #expect(get.headers["Allow"] == "POST")

        let huge = try await Self.post(harness, #"{"method":"GET","url":""# + String(repeating: "a", count: 70_000) + #""}"#)
        #expect(huge.statusCode == 413)
    }
}
