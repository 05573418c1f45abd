import Foundation
import SpeakerRecognition

/// How an operation ends: its outcome and the identification profiles the outcome changes, stored
/// together (an enrollment's speech time is never counted without its operation's end).
package struct OperationResolution: Sendable {
    package var outcome: Result<JSONValue, OperationFailure>
    package var profiles: [IdentificationProfileRecord] = []

    package init(outcome: Result<JSONValue, OperationFailure>, profiles: [IdentificationProfileRecord] = []) {
        self.outcome = outcome
        self.profiles = profiles
    }

    package static func failed(_ failure: OperationFailure) -> OperationResolution {
        OperationResolution(outcome: .failure(failure))
    }
}

/// The limits on work waiting in a store, checked as an operation is added.
package struct QueueLimits: Sendable {
    package var operations: Int
    package var bytes: Int

    package init(operations: Int, bytes: Int) {
        self.operations = operations
        self.bytes = bytes
    }
}

/// Whether a store took an operation.
package enum QueueAdmission: Sendable, Equatable {
    case accepted
    /// At a limit: `waiting` operations are unfinished.
    case full(waiting: Int)
}
