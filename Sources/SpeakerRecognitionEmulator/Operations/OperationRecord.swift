import Foundation
import SpeakerEngines
import SpeakerRecognition

/// An operation as the emulator keeps it, from the 202 until it expires.
struct OperationRecord: Sendable, Hashable {
    var id: OperationID
    var kind: OperationKind
    var status: OperationStatus
    var created: Date
    var lastAction: Date
    /// The failure message when `failed`.
    var message: String?
    /// `processingResult` when `succeeded`.
    var result: JSONValue?
    /// What is still to be processed; dropped once the operation ends.
    var input: OperationInput?

    /// The body of `GET /operations/{id}`: `processingResult` only when succeeded, `message` only
    /// when failed, timestamps with up to 7 fractional digits as .NET wrote them.
    var json: JSONValue {
        var object: JSONObject = [
            "status": .string(status.wireValue),
            "createdDateTime": .string(WireDate.format(created)),
            "lastActionDateTime": .string(WireDate.format(lastAction)),
        ]
        if status == .failed, let message { object["message"] = .string(message) }
        if status == .succeeded, let result { object["processingResult"] = result }
        return .object(object)
    }
}

/// The request behind an unfinished operation, kept so a restart can resume it.
struct OperationInput: Sendable, Hashable {
    /// The enrolled profile, or the identification candidates in request order.
    var profiles: [ProfileID]
    var shortAudio: Bool
    /// The uploaded WAV as received; `nil` once a storage holds it, so a long queue of uploads
    /// lives on disk, not in memory, and is read back when its operation runs.
    var audio: Data?
    /// The upload's size, known with or without the bytes at hand.
    var audioBytes: Int

    init(profiles: [ProfileID], shortAudio: Bool, audio: Data) {
        self.profiles = profiles
        self.shortAudio = shortAudio
        self.audio = audio
        audioBytes = audio.count
    }

    /// An input whose audio is in storage only.
    init(profiles: [ProfileID], shortAudio: Bool, storedAudioBytes: Int) {
        self.profiles = profiles
        self.shortAudio = shortAudio
        audio = nil
        audioBytes = storedAudioBytes
    }
}
