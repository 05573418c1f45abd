import Foundation
import SpeakerRecognition

/// An operation a worker has claimed from a store: the record as it was, its input, the upload,
/// and the lease that lets the worker (alone) move it on.
package struct WorkClaim: Sendable {
    package var record: OperationRecord
    package var input: OperationInput
    /// `nil` when the store no longer has it (the operation then fails, saying so).
    package var audio: Data?
    package var token: UUID

    package init(record: OperationRecord, input: OperationInput, audio: Data?, token: UUID) {
        self.record = record
        self.input = input
        self.audio = audio
        self.token = token
    }

    package var id: OperationID { record.id }
}

/// What a worker's request for work found.
package enum ClaimResult: Sendable {
    case claimed(WorkClaim)
    /// Nothing to take now; the earliest unheld operation falls due at `nextDue` (`nil`: none).
    case idle(nextDue: Date?)
}
