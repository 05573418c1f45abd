import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpeakerEngines

/// The classical engine on the synthetic voices: the plumbing and calibration, not accuracy claims.
@Suite struct ClassicalEngineTests {
    static let engine = ClassicalEngine()

    static func voiceprint(_ name: String) throws -> Voiceprint {
        let audio = try WAVEDecoder().decode(try AudioFixtures.data(name))
        return try engine.voiceprint(of: SpeechSample(audio))
    }

    /// The engine's answer for the fixture `test` among the fixtures `candidates`, computed off
    /// the cooperative pool (the classical engine takes seconds in a debug build).
    static func identify(_ test: String, among candidates: [String]) async throws -> SpeakerIdentification {
        try await offPool { engine.identify(try voiceprint(test), among: try candidates.map(voiceprint), cohort: []) }
    }

    static let enrolled = ["awb", "slt", "rms", "kal"]
    static let enrollments = enrolled.map { "\($0)-enroll.wav" }

    @Test(arguments: ["awb", "slt", "rms", "kal"])
    func identifiesEachEnrolledVoiceAmongFour(voice: String) async throws {
        let result = try await Self.identify("\(voice)-test1.wav", among: Self.enrollments)
        #expect(result.match == Self.enrolled.firstIndex(of: voice), "scores \(result.scores)")
        #expect(result.confidence != .low, "scores \(result.scores)")
    }

    @Test func anUnenrolledVoiceIsNobody() async throws {
        for name in ["f3-test1.wav", "f3-test2.wav"] {
            let result = try await Self.identify(name, among: Self.enrollments)
            #expect(result.match == nil, "\(name): scores \(result.scores)")
        }
    }

    @Test func aSingleCandidateIsAcceptedOnlyForItsOwnVoice() async throws {
        let same = try await Self.identify("awb-test2.wav", among: ["awb-enroll.wav"])
        #expect(same.match == 0, "scores \(same.scores)")
        for other in ["slt", "rms", "f3"] {
            let result = try await Self.identify("\(other)-test2.wav", among: ["awb-enroll.wav"])
            #expect(result.match == nil, "\(other): scores \(result.scores)")
        }
    }

    @Test func scoringIsDeterministic() async throws {
        let (first, second) = try await offPool {
            let profiles = try ["awb", "slt"].map { try Self.voiceprint("\($0)-enroll.wav") }
            let test = try Self.voiceprint("slt-test1.wav")
            return (Self.engine.identify(test, among: profiles, cohort: []), Self.engine.identify(test, among: profiles, cohort: []))
        }
        #expect(first == second)
    }

    @Test func silenceHasNoVoiceprint() async throws {
        let refused = try await offPool {
            let audio = try WAVEDecoder().decode(try AudioFixtures.data("silence-6s.wav"))
            return Result { try Self.engine.voiceprint(of: SpeechSample(audio)) }
        }
        #expect(throws: SpeakerEngineError.self) { try refused.get() }
    }

    @Test func voiceprintsSurviveSerialization() async throws {
        let print = try await offPool { try Self.voiceprint("kal-test1.wav") }
        #expect(Voiceprint(serialized: print.serialized) == print)
        #expect(Voiceprint(serialized: Data([9, 9, 9])) == nil)
    }
}
