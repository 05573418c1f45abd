import Foundation
import SpeakerRecognition

/// An operation a worker has claimed from a store: the record as it was, its input, the upload,
/// and the lease that lets the worker (alone) move it on.
struct WorkClaim: Sendable {
    var record: OperationRecord
    var input: OperationInput
    /// `nil` when the store no longer has it (the operation then fails, saying so).
    var audio: Data?
    var token: UUID

    var id: OperationID { record.id }
}

/// What a worker's request for work found.
enum ClaimResult: Sendable {
    case claimed(WorkClaim)
    /// Nothing to take now; the earliest unheld operation falls due at `nextDue` (`nil`: none).
    case idle(nextDue: Date?)
}
