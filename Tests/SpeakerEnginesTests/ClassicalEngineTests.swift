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

    static let enrolled = ["awb", "slt", "rms", "kal"]

    @Test(arguments: ["awb", "slt", "rms", "kal"])
    func identifiesEachEnrolledVoiceAmongFour(voice: String) throws {
        let profiles = try Self.enrolled.map { try Self.voiceprint("\($0)-enroll.wav") }
        let test = try Self.voiceprint("\(voice)-test1.wav")
        let result = Self.engine.identify(test, among: profiles, cohort: [])
        #expect(result.match == Self.enrolled.firstIndex(of: voice), "scores \(result.scores)")
        #expect(result.confidence != .low, "scores \(result.scores)")
    }

    @Test func anUnenrolledVoiceIsNobody() throws {
        let profiles = try Self.enrolled.map { try Self.voiceprint("\($0)-enroll.wav") }
        for name in ["f3-test1.wav", "f3-test2.wav"] {
            let result = Self.engine.identify(try Self.voiceprint(name), among: profiles, cohort: [])
            #expect(result.match == nil, "\(name): scores \(result.scores)")
        }
    }

    @Test func aSingleCandidateIsAcceptedOnlyForItsOwnVoice() throws {
        let awb = try Self.voiceprint("awb-enroll.wav")
        let same = Self.engine.identify(try Self.voiceprint("awb-test2.wav"), among: [awb], cohort: [])
        #expect(same.match == 0, "scores \(same.scores)")
        for other in ["slt", "rms", "f3"] {
            let result = Self.engine.identify(try Self.voiceprint("\(other)-test2.wav"), among: [awb], cohort: [])
            #expect(result.match == nil, "\(other): scores \(result.scores)")
        }
    }

    @Test func scoringIsDeterministic() throws {
        let profiles = try ["awb", "slt"].map { try Self.voiceprint("\($0)-enroll.wav") }
        let test = try Self.voiceprint("slt-test1.wav")
        let first = Self.engine.identify(test, among: profiles, cohort: [])
        let second = Self.engine.identify(test, among: profiles, cohort: [])
        #expect(first == second)
    }

    @Test func silenceHasNoVoiceprint() throws {
        let audio = try WAVEDecoder().decode(try AudioFixtures.data("silence-6s.wav"))
        #expect(throws: SpeakerEngineError.self) { try Self.engine.voiceprint(of: SpeechSample(audio)) }
    }

    @Test func voiceprintsSurviveSerialization() throws {
        let print = try Self.voiceprint("kal-test1.wav")
        #expect(Voiceprint(serialized: print.serialized) == print)
        #expect(Voiceprint(serialized: Data([9, 9, 9])) == nil)
    }
}
