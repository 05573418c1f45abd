import Foundation
import SpeakerRecognition

/// How an operation ends: its outcome and the identification profiles the outcome changes, stored
/// together (an enrollment's speech time is never counted without its operation's end).
struct OperationResolution: Sendable {
    var outcome: Result<JSONValue, OperationFailure>
    var profiles: [IdentificationProfileRecord] = []

    static func failed(_ failure: OperationFailure) -> OperationResolution {
        OperationResolution(outcome: .failure(failure))
    }
}

/// The limits on work waiting in a store, checked as an operation is added.
struct QueueLimits: Sendable {
    var operations: Int
    var bytes: Int
}

/// Whether a store took an operation.
enum QueueAdmission: Sendable, Equatable {
    case accepted
    /// At a limit: `waiting` operations are unfinished.
    case full(waiting: Int)
}
