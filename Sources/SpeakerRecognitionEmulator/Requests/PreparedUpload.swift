import Foundation
import SpeakerEngines

/// An upload read before any of its request's checks: the audio part found in the body and the
/// WAV decoded, or why not. The failure kept here is thrown at the point where the checks reach
/// the audio, so answers come in the service's order (an unknown profile before bad audio).
struct PreparedUpload: Sendable {
    private let audio: Result<Data, ServiceFailure>
    private let decoded: Result<PCMAudio, ServiceFailure>

    init(body: Data, contentType: String?) {
        audio = Result { () throws(ServiceFailure) in try AudioUpload.audio(body: body, contentType: contentType) }
        decoded = audio.flatMap { data in
            Result { () throws(AudioFormatError) in try WAVEDecoder().decode(data) }.mapError { .badRequest($0.message) }
        }
    }

    /// The upload's audio as sent (the WAV file).
    func data() throws(ServiceFailure) -> Data { try audio.get() }

    /// The decoded audio, checked against `rule`.
    func checked(_ rule: AudioLengthRule, shortAudio: Bool) throws(ServiceFailure) -> PCMAudio {
        let pcm = try decoded.get()
        try rule.check(duration: pcm.duration, shortAudio: shortAudio)
        return pcm
    }
}
