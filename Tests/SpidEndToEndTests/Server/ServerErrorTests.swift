import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// Each error of docs/wire-reference.md §4 (and the emulator's choices, §11.3), caused by a real request.
@Suite(.timeLimit(.minutes(5))) struct ServerErrorTests {
    static let guidMessage = "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
    static let keyMessage =
        "Access denied due to invalid subscription key. Make sure you are subscribed to an API you are trying to call and provide the right key."

    @Test func keys() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--log-level", "debug"])
        for key: String? in [nil, "wrong-key", ""] {
            let response = try await harness.raw("GET", "/identificationProfiles", key: .some(key))
            #expect(response.statusCode == 401)
            #expect(response.errorCode == "Unspecified")
            #expect(response.errorMessage == Self.keyMessage)
            #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
        }
        _ = try await harness.raw("GET", "/identificationProfiles")
        #expect(harness.server.log.contains("status=200"), "requests are logged at debug level")
        #expect(!harness.server.log.contains(harness.server.key), "the key must not be logged")
        #expect(!harness.server.log.contains("wrong-key"), "nor a wrong one")
    }

    @Test func identifiersAndMissingThings() async throws {
        let harness = try await ServerHarness()
        let unknown = "11111111-2222-3333-4444-555555555555"
        for path in [
            "/identificationProfiles/not-a-guid", "/verificationProfiles/123", "/operations/xyz",
            "/identify?identificationProfileIds=\(unknown),nope", "/verify?verificationProfileId=nope",
        ] {
            let method = path.hasPrefix("/identify") || path.hasPrefix("/verify?") ? "POST" : "GET"
            let response = try await harness.raw(method, path, body: method == "POST" ? try AudioFixtures.data("awb-test1.wav") : nil)
            #expect(response.statusCode == 400, "\(path)")
            #expect(response.errorMessage == Self.guidMessage, "\(path)")
        }
        for path in ["/identificationProfiles/\(unknown)", "/verificationProfiles/\(unknown)", "/operations/\(unknown)"] {
            let response = try await harness.raw("GET", path)
            #expect(response.statusCode == 404, "\(path)")
            #expect(response.errorCode == "NotFound")
        }
        for (method, path) in [("DELETE", "/identificationProfiles/\(unknown)"), ("POST", "/verificationProfiles/\(unknown)/reset")] {
            #expect(try await harness.raw(method, path).statusCode == 404)
        }
        let identify = try await harness.raw(
            "POST", "/identify?identificationProfileIds=\(unknown)", body: try AudioFixtures.data("awb-test1.wav"))
        #expect(identify.statusCode == 404)
        #expect(try await harness.raw("GET", "/nothing-here").statusCode == 404)
        let wrongMethod = try await harness.raw("PUT", "/identificationProfiles")
        #expect(wrongMethod.statusCode == 405)
        #expect(wrongMethod.headers["Allow"] == "GET, POST")
    }

    @Test func moreThanTenCandidates() async throws {
        let harness = try await ServerHarness()
        var ids: [String] = []
        for _ in 0..<11 { ids.append(try await harness.client.createIdentificationProfile().description) }
        let response = try await harness.raw(
            "POST", "/identify?identificationProfileIds=" + ids.joined(separator: ","), body: try AudioFixtures.data("awb-test1.wav"))
        #expect(response.statusCode == 400)
        #expect(response.errorMessage?.contains("at most 10") == true)
        let none = try await harness.raw("POST", "/identify", body: try AudioFixtures.data("awb-test1.wav"))
        #expect(none.statusCode == 400)
        #expect(none.errorMessage?.contains("identificationProfileIds is required") == true)
    }

    @Test func locales() async throws {
        let harness = try await ServerHarness()
        let json = [("Content-Type", "application/json")]
        let badIdentification = try await harness.raw(
            "POST", "/identificationProfiles", headers: json, body: Data(#"{"locale":"fr-fr"}"#.utf8))
        #expect(badIdentification.statusCode == 400)
        #expect(badIdentification.errorMessage?.contains("fr-fr") == true)
        let chineseVerification = try await harness.raw(
            "POST", "/verificationProfiles", headers: json, body: Data(#"{"locale":"zh-cn"}"#.utf8))
        #expect(chineseVerification.statusCode == 400)
        let chineseIdentification = try await harness.raw(
            "POST", "/identificationProfiles", headers: json, body: Data(#"{"locale":"zh-CN"}"#.utf8))
        #expect(chineseIdentification.statusCode == 200)
        let missing = try await harness.raw("POST", "/identificationProfiles", headers: json, body: Data("{}".utf8))
        #expect(missing.statusCode == 400)
        let garbage = try await harness.raw("POST", "/identificationProfiles", body: Data("%%%&&&==\u{0}".utf8))
        #expect(garbage.statusCode == 400)
        #expect(try await harness.raw("GET", "/verificationPhrases?locale=de-de").statusCode == 400)
        #expect(try await harness.raw("GET", "/verificationPhrases").statusCode == 400)
    }

    @Test(arguments: [
        ("not-wave.mp3", "Invalid Audio Format: Not a WAVE file - no RIFF header"),
        ("stereo.wav", "Invalid Audio Format: the audio has 2 channels; it must be mono (1 channel)"),
        ("rate-8k.wav", "Invalid Audio Format: the sample rate is 8000 Hz; it must be 16000 Hz"),
        ("bits-8.wav", "Invalid Audio Format: the audio has 8 bits per sample; it must have 16"),
        ("float.wav", "Invalid Audio Format: unsupported encoding (IEEE float); the audio must be PCM"),
        ("truncated.wav", "Invalid Audio Format: the file is truncated"),
        ("short-3s.wav", "Audio too short: 3 seconds of audio; enrollment needs at least 5 seconds (or 1 second with shortAudio=true)."),
    ])
    func badAudio(file: String, message: String) async throws {
        let harness = try await ServerHarness()
        let id = try await harness.client.createIdentificationProfile()
        let response = try await harness.raw("POST", "/identificationProfiles/\(id)/enroll", body: try AudioFixtures.data(file))
        #expect(response.statusCode == 400)
        #expect(response.errorCode == "BadRequest")
        #expect(response.errorMessage?.hasPrefix(message) == true, "\(response.errorMessage ?? "no message")")
        let empty = try await harness.raw("POST", "/identificationProfiles/\(id)/enroll")
        #expect(empty.errorMessage == "Invalid Audio Format: Not a WAVE file - no RIFF header")
    }

    @Test func oversizedUploads() async throws {
        let harness = try await ServerHarness()
        let id = try await harness.client.createIdentificationProfile()
        let response = try await harness.raw("POST", "/identificationProfiles/\(id)/enroll", body: Data(count: 11 << 20))
        #expect(response.statusCode == 413)
        #expect(response.errorCode == "RequestEntityTooLarge")
        #expect(try await harness.raw("GET", "/identificationProfiles/\(id)").statusCode == 200, "the server carries on")
    }

    @Test func verificationAudioAndSpeech() async throws {
        let harness = try await ServerHarness()
        let id = try await harness.client.createVerificationProfile()
        let long = try await harness.raw("POST", "/verificationProfiles/\(id)/enroll", body: try AudioFixtures.data("verify-too-long.wav"))
        #expect(long.statusCode == 400)
        #expect(long.errorMessage?.hasPrefix("Audio too long") == true)
        for file in ["silence-6s.wav", "noise-6s.wav", "tone-6s.wav"] {
            let response = try await harness.raw("POST", "/verificationProfiles/\(id)/enroll", body: try AudioFixtures.data(file))
            #expect(response.statusCode == 400, "\(file)")
            #expect(response.errorMessage == "SpeechNotRecognized", "\(file)")
        }
        let notEnrolled = try await harness.raw(
            "POST", "/verify?verificationProfileId=\(id)", body: try AudioFixtures.data("awb-phrase1-take1.wav"))
        #expect(notEnrolled.statusCode == 400)
        #expect(notEnrolled.errorMessage?.hasPrefix("IncompleteEnrollment") == true)
        let badPhrase = try await harness.raw(
            "POST", "/verificationProfiles/\(id)/enroll?phrase=hello%20world", body: try AudioFixtures.data("awb-phrase1-take1.wav"))
        #expect(badPhrase.errorMessage == "InvalidPhrase")
    }

    @Test func silenceEnrollmentFailsTheOperation() async throws {
        let harness = try await ServerHarness()
        let id = try await harness.client.createIdentificationProfile()
        let location = try await harness.client.enroll(try AudioFixtures.data("silence-6s.wav"), identificationProfile: id)
        let snapshot = try await harness.waitForOperation(location)
        #expect(snapshot.status == .failed)
        #expect(snapshot.message == "SpeechNotRecognized")
        #expect(try await harness.client.identificationProfile(id).enrollmentSpeechTime == 0)
    }

    @Test func rateLimitAndQuota() async throws {
        let harness = try await ServerHarness(["--rate-limit", "3"])
        for _ in 0..<3 { #expect(try await harness.raw("GET", "/identificationProfiles").statusCode == 200) }
        let limited = try await harness.raw("GET", "/identificationProfiles")
        #expect(limited.statusCode == 429)
        #expect(limited.errorCode == "RateLimitExceeded")
        #expect(limited.errorMessage == "Rate limit is exceeded. Try again later.")
        let wait = try #require(limited.headers["Retry-After"].flatMap(Int.init))
        #expect((1...60).contains(wait))
    }

    @Test func faultInjection() async throws {
        let harness = try await ServerHarness(["--fail-rate", "1", "--seed", "7"])
        var statuses: Set<Int> = []
        var dropped = 0
        for _ in 0..<30 {
            do {
                statuses.insert(try await harness.raw("GET", "/identificationProfiles").statusCode)
            } catch {
                dropped += 1
            }
        }
        #expect(statuses.isSubset(of: [500, 503]))
        #expect(statuses == [500, 503], "both statuses should appear in 30 requests")
        #expect(dropped > 0, "some connections should be dropped")
    }
}
