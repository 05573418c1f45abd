import Foundation
import SpidTestSupport
import Testing

@testable import SpeakerEngines

/// Speech time is measured, not assumed: silence, noise and tones are not speech; pauses are removed.
@Suite struct VoiceActivityDetectorTests {
    static func speech(_ name: String) throws -> (seconds: Double, duration: Double) {
        let audio = try WAVEDecoder().decode(try AudioFixtures.data(name))
        return (VoiceActivityDetector().detect(audio).speechSeconds, audio.duration)
    }

    @Test(arguments: ["silence-6s.wav", "noise-6s.wav", "tone-6s.wav"])
    func nonSpeechHasNoSpeechTime(file: String) throws {
        #expect(try Self.speech(file).seconds == 0)
    }

    @Test(arguments: ["awb-test1.wav", "slt-enroll.wav", "f3-test2.wav"])
    func speechExcludesSilence(file: String) throws {
        let (seconds, duration) = try Self.speech(file)
        // Each fixture carries 1 s of added silence plus the pauses between sentences.
        #expect(seconds <= duration - 1, "\(seconds) s of speech in \(duration) s")
        #expect(seconds >= (duration - 1) * 0.6, "\(seconds) s of speech in \(duration) s")
    }

    @Test func addedSilenceDoesNotAddSpeech() throws {
        var audio = try WAVEDecoder().decode(try AudioFixtures.data("kal-test1.wav"))
        let before = VoiceActivityDetector().detect(audio).speechSeconds
        audio.samples = [Float](repeating: 0, count: 3 * 16_000) + audio.samples + [Float](repeating: 0, count: 3 * 16_000)
        let after = VoiceActivityDetector().detect(audio).speechSeconds
        #expect(abs(after - before) <= 0.05)
    }
}
