import Foundation
import Testing

@testable import SpeakerRecognition

/// Every endpoint against a scripted transport: method, path, query, headers and body.
@Suite("Client requests")
struct ClientRequestTests {
    let base = "https://myresource.cognitiveservices.azure.com/spid/v1.0"
    let profile = TestValues.profile
    let created = "2020-01-29T22:48:17.007Z"

    func check(
        _ request: TransportRequest?, _ method: String, _ pathAndQuery: String, contentType: String? = nil,
        body: Data? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let request else {
            Issue.record("no request was sent", sourceLocation: sourceLocation)
            return
        }
        #expect(request.method == method, sourceLocation: sourceLocation)
        #expect(request.url.absoluteString == base + pathAndQuery, sourceLocation: sourceLocation)
        #expect(request.headers["Ocp-Apim-Subscription-Key"] == "test-key-0123456789", sourceLocation: sourceLocation)
        #expect(request.headers["Accept"] == "application/json", sourceLocation: sourceLocation)
        #expect(request.headers["Content-Type"] == contentType, sourceLocation: sourceLocation)
        #expect(request.body == body, sourceLocation: sourceLocation)
    }

    @Test("1, 9: create profile sends JSON {\"locale\"} and returns the id")
    func createProfiles() async throws {
        let transport = ScriptedTransport { request in
            let name = request.url.path.hasSuffix("identificationProfiles") ? "identificationProfileId" : "verificationProfileId"
            return TransportResponse(statusCode: 200, body: Data(#"{"\#(name)": "49a36324-fc4b-4387-aa06-090cfbf0064f"}"#.utf8))
        }
        let client = TestValues.client(transport)
        #expect(try await client.createIdentificationProfile(locale: "zh-cn") == TestValues.otherProfile)
        check(
            await transport.lastRequest, "POST", "/identificationProfiles", contentType: "application/json",
            body: Data(#"{"locale":"zh-cn"}"#.utf8))
        #expect(try await client.createVerificationProfile() == TestValues.otherProfile)
        check(
            await transport.lastRequest, "POST", "/verificationProfiles", contentType: "application/json",
            body: Data(#"{"locale":"en-us"}"#.utf8))
    }

    @Test("3, 4, 11, 12: get one and get all")
    func getProfiles() async throws {
        let identification =
            #"{"identificationProfileId":"\#(profile)","locale":"en-us","enrollmentSpeechTime":0.0,"remainingEnrollmentSpeechTime":30.0,"createdDateTime":"\#(created)","lastActionDateTime":"\#(created)","enrollmentStatus":"Enrolling"}"#
        let verification =
            #"{"verificationProfileId":"\#(profile)","locale":"en-us","enrollmentsCount":0,"remainingEnrollmentsCount":3,"createdDateTime":"\#(created)","lastActionDateTime":"\#(created)","enrollmentStatus":"Enrolling"}"#
        let transport = ScriptedTransport { request in
            let one = request.url.path.contains("identification") ? identification : verification
            let body = request.url.lastPathComponent.hasSuffix("Profiles") ? "[\(one)]" : one
            return TransportResponse(statusCode: 200, body: Data(body.utf8))
        }
        let client = TestValues.client(transport)
        #expect(try await client.identificationProfile(profile).remainingEnrollmentSpeechTime == 30)
        check(await transport.lastRequest, "GET", "/identificationProfiles/\(profile)")
        #expect(try await client.identificationProfiles().count == 1)
        check(await transport.lastRequest, "GET", "/identificationProfiles")
        #expect(try await client.verificationProfile(profile).remainingEnrollmentsCount == 3)
        check(await transport.lastRequest, "GET", "/verificationProfiles/\(profile)")
        #expect(try await client.verificationProfiles().first?.verificationProfileId == profile)
        check(await transport.lastRequest, "GET", "/verificationProfiles")
    }

    @Test("2, 5, 10, 13: delete and reset take an empty 200")
    func deleteAndReset() async throws {
        let transport = ScriptedTransport(status: 200)
        let client = TestValues.client(transport)
        try await client.deleteIdentificationProfile(profile)
        check(await transport.lastRequest, "DELETE", "/identificationProfiles/\(profile)")
        try await client.resetIdentificationProfile(profile)
        check(await transport.lastRequest, "POST", "/identificationProfiles/\(profile)/reset")
        try await client.deleteVerificationProfile(profile)
        check(await transport.lastRequest, "DELETE", "/verificationProfiles/\(profile)")
        try await client.resetVerificationProfile(profile)
        check(await transport.lastRequest, "POST", "/verificationProfiles/\(profile)/reset")
    }

    @Test("6, 7: enroll and identify post raw audio and return the Operation-Location verbatim")
    func asyncOperations() async throws {
        let location = "https://myresource.cognitiveservices.azure.com/spid/v1.0/operations/\(TestValues.operation)?sig=abc%2Fdef"
        let transport = ScriptedTransport(status: 202, headers: ["operation-location": location])
        let client = TestValues.client(transport)
        let enrolled = try await client.enroll(TestValues.audio, identificationProfile: profile, shortAudio: true)
        #expect(enrolled.url.absoluteString == location)
        #expect(enrolled.operationId == TestValues.operation)
        check(
            await transport.lastRequest, "POST", "/identificationProfiles/\(profile)/enroll?shortAudio=true",
            contentType: "application/octet-stream", body: TestValues.audio)
        _ = try await client.enroll(TestValues.audio, identificationProfile: profile)
        check(
            await transport.lastRequest, "POST", "/identificationProfiles/\(profile)/enroll?shortAudio=false",
            contentType: "application/octet-stream", body: TestValues.audio)
        let identified = try await client.identify(TestValues.audio, among: [profile, TestValues.otherProfile])
        #expect(identified.url.absoluteString == location)
        check(
            await transport.lastRequest, "POST",
            "/identify?identificationProfileIds=\(profile),\(TestValues.otherProfile)&shortAudio=false",
            contentType: "application/octet-stream", body: TestValues.audio)
    }

    @Test("8: operation status by location, id and text")
    func operationStatus() async throws {
        let transport = ScriptedTransport(
            status: 200, body: #"{"status":"running","createdDateTime":"2015-09-30T01:28:23Z","lastActionDateTime":"2015-09-30T01:32:23Z"}"#
        )
        let client = TestValues.client(transport)
        let location = try #require(OperationLocation(string: "\(base)/operations/\(TestValues.operation)?x=1"))
        #expect(try await client.operationStatus(at: location).status == .running)
        check(await transport.lastRequest, "GET", "/operations/\(TestValues.operation)?x=1")
        _ = try await client.operationStatus(id: TestValues.operation)
        check(await transport.lastRequest, "GET", "/operations/\(TestValues.operation)")
        _ = try await client.operationStatus("EF217D0C-9085-45D7-AAE0-2B36471B89B5")
        check(await transport.lastRequest, "GET", "/operations/\(TestValues.operation)")
    }

    @Test("14, 15: verification enroll and verify are synchronous")
    func verification() async throws {
        let transport = ScriptedTransport { request in
            let body =
                request.url.path.hasSuffix("enroll")
                ? #"{"enrollmentStatus":"Enrolling","enrollmentsCount":1,"remainingEnrollments":2,"phrase":"my voice is my passport verify me"}"#
                : #"{"result":"Reject","confidence":"Low","phrase":"my voice is my passport verify me"}"#
            return TransportResponse(statusCode: 200, body: Data(body.utf8))
        }
        let client = TestValues.client(transport)
        #expect(try await client.enroll(TestValues.audio, verificationProfile: profile).remainingEnrollments == 2)
        check(
            await transport.lastRequest, "POST", "/verificationProfiles/\(profile)/enroll", contentType: "application/octet-stream",
            body: TestValues.audio)
        #expect(try await client.verify(TestValues.audio, against: profile).result == .reject)
        check(
            await transport.lastRequest, "POST", "/verify?verificationProfileId=\(profile)", contentType: "application/octet-stream",
            body: TestValues.audio)
    }

    @Test("16: phrases by locale")
    func phrases() async throws {
        let transport = ScriptedTransport(status: 200, body: #"[{"phrase":"houston we have had a problem"}]"#)
        let client = TestValues.client(transport)
        #expect(try await client.verificationPhrases().map(\.phrase) == ["houston we have had a problem"])
        check(await transport.lastRequest, "GET", "/verificationPhrases?locale=en-us")
    }
}
