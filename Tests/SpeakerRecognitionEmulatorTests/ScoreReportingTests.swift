import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpeakerRecognitionEmulator

/// Calibrated scores on the wire: only when asked for (`reportsScores`), as `score` and
/// `profilesRanking` (best first) on identifications and `score` on verifications.
@Suite("Score reporting", .timeLimit(.minutes(2)))
struct ScoreReportingTests {
    static let key = "score-key"

    func client(scores: Bool) throws -> SpeakerRecognitionClient {
        var configuration = EmulatorConfiguration(keys: [Self.key], processingDelay: .zero)
        configuration.reportsScores = scores
        let emulator = try SpeakerRecognitionEmulator(configuration: configuration)
        return SpeakerRecognitionClient(
            endpoint: try ServiceEndpoint("http://localhost"), key: try SubscriptionKey(Self.key), transport: emulator)
    }

    /// Two enrolled voices and an identification of the first one's test clip.
    func identification(_ client: SpeakerRecognitionClient) async throws -> (IdentificationResult, ProfileID, ProfileID) {
        var profiles: [ProfileID] = []
        for voice in ["awb", "slt"] {
            let profile = try await client.createIdentificationProfile()
            let location = try await client.enroll(try AudioFixtures.data("\(voice)-enroll.wav"), identificationProfile: profile)
            _ = try await client.waitForCompletion(at: location)
            profiles.append(profile)
        }
        let location = try await client.identify(try AudioFixtures.data("awb-test1.wav"), among: profiles.reversed(), shortAudio: true)
        guard case .identification(let result) = try await client.waitForCompletion(at: location) else {
            throw FixtureError(message: "not an identification result")
        }
        return (result, profiles[0], profiles[1])
    }

    @Test func identificationsRankEveryCandidateWhenAsked() async throws {
        let (result, awb, slt) = try await identification(try client(scores: true))
        #expect(result.identifiedProfile == awb)
        let ranking = try #require(result.profilesRanking)
        #expect(ranking.map(\.profileId) == [awb, slt], "best first, whatever the request's order")
        #expect(ranking.allSatisfy { (0...1).contains($0.score) })
        #expect(ranking[0].score > ranking[1].score)
        #expect(result.score == ranking[0].score, "the identified candidate's score")
        #expect(try #require(result.score) >= 0.5, "an identified speaker scores at or above the acceptance point")
    }

    @Test func theV1WireIsUnchangedByDefault() async throws {
        let (result, awb, _) = try await identification(try client(scores: false))
        #expect(result.identifiedProfile == awb)
        #expect(result.score == nil)
        #expect(result.profilesRanking == nil)
    }

    @Test func verificationsCarryAScoreWhenAsked() async throws {
        for scores in [true, false] {
            let client = try client(scores: scores)
            let profile = try await client.createVerificationProfile()
            for take in 1...3 {
                _ = try await client.enroll(try AudioFixtures.data("awb-phrase1-take\(take).wav"), verificationProfile: profile)
            }
            let same = try await client.verify(try AudioFixtures.data("awb-phrase1-take4.wav"), against: profile)
            let other = try await client.verify(try AudioFixtures.data("slt-phrase1-take4.wav"), against: profile)
            if scores {
                let accepted = try #require(same.score)
                let rejected = try #require(other.score)
                #expect(same.result == .accept && accepted >= 0.5)
                #expect(other.result == .reject && rejected < 0.5)
            } else {
                #expect(same.score == nil && other.score == nil)
            }
        }
    }
}
