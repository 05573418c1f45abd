import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// What the official and community clients really sent (docs/wire-reference.md §7.1), each accepted.
@Suite(.timeLimit(.minutes(5))) struct ServerQuirkTests {
    @Test func localeBodies() async throws {
        let harness = try await ServerHarness()
        let bodies: [(String?, String)] = [
            ("application/x-www-form-urlencoded", "locale=en-us"),  // Windows and Android SDKs
            ("application/json", #"{"locale":"en-us"}"#),  // Python
            ("application/json", #"{ "locale":"en-us", }"#),  // the docs' trailing comma
            (nil, #"{"locale":"zh-cn"}"#),  // no content type
        ]
        for (type, body) in bodies {
            let headers = type.map { [("Content-Type", $0)] } ?? []
            let response = try await harness.raw("POST", "/identificationProfiles", headers: headers, body: Data(body.utf8))
            #expect(response.statusCode == 200, "\(body)")
            let id = try #require(response.json?["identificationProfileId"]?.stringValue.flatMap(ProfileID.init))
            let profile = try await harness.client.identificationProfile(id)
            #expect(profile.locale == (body.contains("zh-cn") ? "zh-cn" : "en-us"), "the locale is echoed as sent")
        }
        let verification = try await harness.raw(
            "POST", "/verificationProfiles", headers: [("Content-Type", "application/json")], body: Data(#"{"locale":"en-US",}"#.utf8))
        #expect(verification.statusCode == 200)
    }

    @Test func pythonStyleRequests() async throws {
        let harness = try await ServerHarness()
        let json = [("Content-Type", "application/json")]
        let created = try await harness.raw("POST", "/verificationProfiles", headers: json, body: Data(#"{"locale":"en-us"}"#.utf8))
        let id = try #require(created.json?["verificationProfileId"]?.stringValue)
        #expect(try await harness.raw("GET", "/verificationProfiles/\(id)", headers: json).statusCode == 200)
        let reset = try await harness.raw("POST", "/verificationProfiles/\(id)/reset?", headers: json)
        #expect(reset.statusCode == 200)
        #expect(reset.body.isEmpty)
        let windowsReset = try await harness.raw("POST", "/verificationProfiles/\(id)/reset")
        #expect(windowsReset.statusCode == 200)
        #expect(try await harness.raw("DELETE", "/verificationProfiles/\(id)", headers: json).body.isEmpty)
        #expect(try await harness.raw("GET", "/VERIFICATIONPHRASES?locale=EN-US").statusCode == 200)
    }

    @Test func shortAudioSpellingsAndEncodedCommas() async throws {
        let harness = try await ServerHarness()
        let first = try await harness.client.createIdentificationProfile()
        let second = try await harness.client.createIdentificationProfile()
        let audio = try AudioFixtures.data("rms-test1.wav")
        for (index, value) in ["True", "true", "TRUE"].enumerated() {
            let target = index == 0 ? second : first
            let response = try await harness.raw("POST", "/identificationProfiles/\(target)/enroll?shortAudio=\(value)", body: audio)
            #expect(response.statusCode == 202, "shortAudio=\(value)")
        }
        let falsy = try await harness.raw("POST", "/identificationProfiles/\(first)/enroll?shortAudio=False", body: audio)
        #expect(falsy.statusCode == 202)
        let wrong = try await harness.raw("POST", "/identificationProfiles/\(first)/enroll?shortAudio=yes", body: audio)
        #expect(wrong.statusCode == 400)
        for separator in ["%2C", ",", "%2c"] {
            let response = try await harness.raw(
                "POST", "/identify?identificationProfileIds=\(first)\(separator)\(second)&shortAudio=true", body: audio)
            #expect(response.statusCode == 202, "separator \(separator)")
            let location = try #require(response.headers["Operation-Location"])
            #expect(location.hasPrefix("http://127.0.0.1:\(harness.server.port)/spid/v1.0/operations/"))
            #expect(response.body.isEmpty)
            #expect(response.headers["Retry-After"] == nil, "the hosted service sent no Retry-After")
        }
    }

    @Test func multipartAndContentTypes() async throws {
        let harness = try await ServerHarness()
        let id = try await harness.client.createIdentificationProfile()
        let audio = try AudioFixtures.data("slt-test1.wav")
        let boundary = "----spid\(UUID().uuidString)"
        var multipart = Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"Data\"; filename=\"testFile_2017\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                .utf8)
        multipart.append(audio)
        multipart.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let windows = try await harness.raw(
            "POST", "/identificationProfiles/\(id)/enroll?shortAudio=True",
            headers: [("Content-Type", "multipart/form-data; boundary=\"\(boundary)\"")], body: multipart)
        #expect(windows.statusCode == 202)
        for type in ["application/octet-stream", "audio/wav; codecs=audio/pcm", "multipart/form-data"] {
            let response = try await harness.raw(
                "POST", "/identificationProfiles/\(id)/enroll?shortAudio=true", headers: [("Content-Type", type)], body: audio)
            #expect(response.statusCode == 202, "\(type)")
        }
        let noType = try await harness.raw("POST", "/identificationProfiles/\(id)/enroll?shortAudio=true", body: audio)
        #expect(noType.statusCode == 202)
        let broken = try await harness.raw(
            "POST", "/identificationProfiles/\(id)/enroll", headers: [("Content-Type", "multipart/form-data")], body: Data("junk".utf8))
        #expect(broken.statusCode == 400)
        #expect(broken.errorMessage == "Invalid Http Request")
    }

    @Test func retryAfterWhenAsked() async throws {
        // A long delay: the first poll must see notstarted however loaded the machine is.
        let harness = try await ServerHarness(["--retry-after", "2", "--processing-delay", "120"])
        let id = try await harness.client.createIdentificationProfile()
        let accepted = try await harness.raw(
            "POST", "/identificationProfiles/\(id)/enroll?shortAudio=true", body: try AudioFixtures.data("kal-test2.wav"))
        #expect(accepted.headers["Retry-After"] == "2")
        let location = try #require(accepted.headers["Operation-Location"].flatMap(OperationLocation.init(string:)))
        let first = try await harness.client.operationStatus(at: location)
        #expect(first.status == .notStarted)
        #expect(first.processingResult == nil)
        #expect(first.raw["processingResult"] == nil)
        #expect(first.raw["message"] == nil)
    }
}
