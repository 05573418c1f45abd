/// One upload's audio with the frames the voice-activity detector found to be speech.
public struct SpeechSample: Sendable {
    public let audio: PCMAudio
    /// One decision per 10 ms frame.
    public let speechFrames: [Bool]
    /// Seconds of speech with silence removed.
    public let speechSeconds: Double
    let spectrogram: Spectrogram

    /// Analyses `audio` with `detector`.
    public init(_ audio: PCMAudio, detector: VoiceActivityDetector = VoiceActivityDetector()) {
        self.audio = audio
        spectrogram = Spectrogram(audio)
        let result = detector.detect(spectrogram)
        speechFrames = result.speechFrames
        speechSeconds = result.speechSeconds
    }
}
