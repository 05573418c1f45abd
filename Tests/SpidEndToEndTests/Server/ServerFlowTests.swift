import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// Every endpoint over real HTTP on 127.0.0.1, through each transport.
@Suite(.timeLimit(.minutes(10))) struct ServerFlowTests {
    @Test(arguments: TransportKind.allCases)
    func identificationFromCreationToDeletion(_ kind: TransportKind) async throws {
        let harness = try await ServerHarness(transport: kind)
        let client = harness.client
        let voices = ["awb", "slt", "rms"]
        var profiles: [String: ProfileID] = [:]
        for voice in voices {
            let id = try await client.createIdentificationProfile(locale: "en-us")
            let fresh = try await client.identificationProfile(id)
            #expect(fresh.enrollmentStatus == .enrolling)
            #expect(fresh.remainingEnrollmentSpeechTime == 30)
            #expect(fresh.createdDateTime == fresh.lastActionDateTime)
            profiles[voice] = id
        }
        // Enroll until Enrolled: the long reading, then a test clip if the reading fell short of 30 s of speech.
        for voice in voices {
            let id = try #require(profiles[voice])
            var total = 0.0
            for file in ["\(voice)-enroll.wav", "\(voice)-test2.wav"] {
                let location = try await client.enroll(try AudioFixtures.data(file), identificationProfile: id)
                #expect(location.url.absoluteString.hasPrefix(harness.server.apiBase + "/operations/"))
                let snapshot = try await harness.waitForOperation(location)
                #expect(snapshot.status == .succeeded, "\(snapshot.raw.jsonText())")
                let result = try #require(snapshot.enrollmentResult)
                #expect(result.speechTime > 3, "speech measured in \(file): \(result.speechTime) s")
                total += result.speechTime
                #expect(abs(result.enrollmentSpeechTime - total) < 0.02)
                #expect(abs(result.remainingEnrollmentSpeechTime - max(0, 30 - total)) < 0.02)
                if result.enrollmentStatus == .enrolled { break }
            }
            let profile = try await client.identificationProfile(id)
            #expect(profile.enrollmentStatus == .enrolled)
            #expect(profile.remainingEnrollmentSpeechTime == 0)
        }
        let listed = try await client.identificationProfiles()
        #expect(Set(listed.map(\.identificationProfileId)) == Set(profiles.values))

        let candidates = voices.compactMap { profiles[$0] }
        for voice in voices {
            let location = try await client.identify(try AudioFixtures.data("\(voice)-test1.wav"), among: candidates)
            let snapshot = try await harness.waitForOperation(location)
            let result = try #require(snapshot.identificationResult, "\(snapshot.raw.jsonText())")
            #expect(result.identifiedProfileId == profiles[voice], "\(voice): \(snapshot.raw.jsonText())")
        }
        let stranger = try await client.identify(try AudioFixtures.data("f3-test1.wav"), among: candidates)
        let nobody = try #require(try await harness.waitForOperation(stranger).identificationResult)
        #expect(nobody.identifiedProfileId.isZero)

        let awb = try #require(profiles["awb"])
        try await client.resetIdentificationProfile(awb)
        let reset = try await client.identificationProfile(awb)
        #expect(reset.enrollmentStatus == .enrolling)
        #expect(reset.enrollmentSpeechTime == 0)
        #expect(reset.remainingEnrollmentSpeechTime == 30)
        let incomplete = try await client.identify(try AudioFixtures.data("awb-test1.wav"), among: candidates)
        let failed = try await harness.waitForOperation(incomplete)
        #expect(failed.status == .failed)
        #expect(failed.message == "IncompleteEnrollment")
        #expect(failed.processingResult == nil)

        for id in candidates { try await client.deleteIdentificationProfile(id) }
        #expect(try await client.identificationProfiles().isEmpty)
        await #expect(throws: SpidError.self) { try await client.identificationProfile(awb) }
    }

    /// `--scores` adds calibrated scores; the same requests without it answer exactly v1.0.
    @Test func scoresAreAddedOnlyWhenAskedFor() async throws {
        for scores in [true, false] {
            let harness = try await ServerHarness(["--processing-delay", "0.05"] + (scores ? ["--scores"] : []))
            let client = harness.client
            var profiles: [ProfileID] = []
            for voice in ["awb", "slt"] {
                let id = try await client.createIdentificationProfile()
                let location = try await client.enroll(
                    try AudioFixtures.data("\(voice)-enroll.wav"), identificationProfile: id, shortAudio: true)
                #expect(try await harness.waitForOperation(location).status == .succeeded)
                profiles.append(id)
            }
            let location = try await client.identify(try AudioFixtures.data("slt-test1.wav"), among: profiles, shortAudio: true)
            let raw = try await harness.waitForOperation(location).raw["processingResult"]
            let result = try #require(raw)
            #expect(result["identifiedProfileId"]?.stringValue == profiles[1].description)
            if scores {
                let ranking = try #require(result["profilesRanking"])
                #expect(
                    [ranking[0]?["profileId"]?.stringValue, ranking[1]?["profileId"]?.stringValue] == [
                        profiles[1].description, profiles[0].description,
                    ])
                #expect(ranking[2] == nil)
                #expect(result["score"]?.doubleValue == ranking[0]?["score"]?.doubleValue)
            } else {
                guard case .object(let members) = result else { throw FixtureError(message: "not an object: \(result.jsonText())") }
                #expect(members.keys.sorted() == ["confidence", "identifiedProfileId"], "\(result.jsonText())")
            }
        }
    }

    @Test func shortAudioEnrollsAtOnce() async throws {
        let harness = try await ServerHarness()
        let id = try await harness.client.createIdentificationProfile()
        let location = try await harness.client.enroll(
            try AudioFixtures.data("kal-test1.wav"), identificationProfile: id, shortAudio: true)
        let result = try #require(try await harness.waitForOperation(location).enrollmentResult)
        #expect(result.enrollmentStatus == .enrolled)
        #expect(result.remainingEnrollmentSpeechTime == 0)
        #expect(result.speechTime < 30)
    }

    @Test(arguments: TransportKind.allCases)
    func verificationFromCreationToDeletion(_ kind: TransportKind) async throws {
        let harness = try await ServerHarness(transport: kind)
        let client = harness.client
        let phrases = try await client.verificationPhrases(locale: "en-us")
        #expect(phrases.count == 10)
        #expect(phrases.map(\.phrase).contains("my voice is my passport verify me"))

        let id = try await client.createVerificationProfile(locale: "en-us")
        for take in 1...3 {
            let result = try await client.enroll(try AudioFixtures.data("awb-phrase1-take\(take).wav"), verificationProfile: id)
            #expect(result.enrollmentsCount == take)
            #expect(result.remainingEnrollments == 3 - take)
            #expect(result.enrollmentStatus == (take == 3 ? .enrolled : .enrolling))
            #expect(phrases.map(\.phrase).contains(result.phrase))
        }
        let profile = try await client.verificationProfile(id)
        #expect(profile.enrollmentStatus == .enrolled)
        #expect(profile.remainingEnrollmentsCount == 0)

        let same = try await client.verify(try AudioFixtures.data("awb-phrase1-take4.wav"), against: id)
        #expect(same.result == .accept)
        let other = try await client.verify(try AudioFixtures.data("slt-phrase1-take4.wav"), against: id)
        #expect(other.result == .reject)
        let wrongWords = try await client.verify(try AudioFixtures.data("awb-phrase2.wav"), against: id)
        #expect(wrongWords.result == .reject)

        try await client.resetVerificationProfile(id)
        let reset = try await client.verificationProfile(id)
        #expect(reset.enrollmentsCount == 0)
        #expect(reset.remainingEnrollmentsCount == 3)
        try await client.deleteVerificationProfile(id)
        #expect(try await client.verificationProfiles().isEmpty)
    }

    @Test func aDifferentPhraseIsInvalid() async throws {
        let harness = try await ServerHarness()
        let id = try await harness.client.createVerificationProfile()
        _ = try await harness.client.enroll(try AudioFixtures.data("slt-phrase1-take1.wav"), verificationProfile: id)
        let audio = try AudioFixtures.data("slt-phrase2.wav")
        do {
            _ = try await harness.client.enroll(audio, verificationProfile: id)
            Issue.record("a second phrase was accepted")
        } catch {
            #expect(error.statusCode == 400)
            #expect(error.serviceError?.message == "InvalidPhrase")
        }
        #expect(try await harness.client.verificationProfile(id).enrollmentsCount == 1)
    }
}
