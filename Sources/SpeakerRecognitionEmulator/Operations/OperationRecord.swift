import Foundation
import SpeakerEngines
import SpeakerRecognition

/// An operation as the emulator keeps it, from the 202 until it expires.
package struct OperationRecord: Sendable, Hashable {
    package var id: OperationID
    package var kind: OperationKind
    package var status: OperationStatus
    package var created: Date
    package var lastAction: Date
    /// The failure message when `failed`.
    package var message: String?
    /// `processingResult` when `succeeded`.
    package var result: JSONValue?
    /// What is still to be processed; dropped once the operation ends.
    package var input: OperationInput?

    package init(
        id: OperationID, kind: OperationKind, status: OperationStatus, created: Date, lastAction: Date, message: String? = nil,
        result: JSONValue? = nil, input: OperationInput? = nil
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.created = created
        self.lastAction = lastAction
        self.message = message
        self.result = result
        self.input = input
    }

    /// Ends the operation with `outcome`: `succeeded` with its result, or `failed` with its
    /// message; the input (the work) is dropped.
    package mutating func end(_ outcome: Result<JSONValue, OperationFailure>, at now: Date) {
        switch outcome {
        case .success(let result):
            status = .succeeded
            self.result = result
        case .failure(let failure):
            status = .failed
            message = failure.message
        }
        input = nil
        lastAction = now
    }

    /// The body of `GET /operations/{id}`: `processingResult` only when succeeded, `message` only
    /// when failed, timestamps with up to 7 fractional digits as .NET wrote them.
    package var json: JSONValue {
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

/// The request behind an unfinished operation: the work still to do, when it is due and who
/// holds it. Kept so a restart (or another instance) can take it up.
package struct OperationInput: Sendable, Hashable {
    /// The enrolled profile, or the identification candidates in request order.
    package var profiles: [ProfileID]
    package var shortAudio: Bool
    /// The uploaded WAV as received, while it travels with the record; a store keeps it apart
    /// (``WorkClaim/audio``), so a long queue of uploads is not part of every read.
    package var audio: Data?
    /// The upload's size, known with or without the bytes at hand.
    package var audioBytes: Int
    /// When a worker may take it: the processing delay after it was accepted.
    package var due: Date
    /// The worker holding it, if any; a lapsed lease frees it for another.
    package var lease: Lease?

    package init(profiles: [ProfileID], shortAudio: Bool, audio: Data, due: Date = .distantPast) {
        self.profiles = profiles
        self.shortAudio = shortAudio
        self.audio = audio
        audioBytes = audio.count
        self.due = due
    }

    /// An input whose audio is in storage only.
    package init(profiles: [ProfileID], shortAudio: Bool, storedAudioBytes: Int, due: Date) {
        self.profiles = profiles
        self.shortAudio = shortAudio
        audio = nil
        audioBytes = storedAudioBytes
        self.due = due
    }
}
