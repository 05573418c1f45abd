import Foundation
import SpeakerRecognition

/// What one change to a ``StoreState`` touched, for a store that writes it elsewhere: the rows to
/// write again from the new state, the rows to delete, and the uploads that came in.
struct StoreChanges: Sendable {
    var identificationProfiles: Set<ProfileID> = []
    var verificationProfiles: Set<ProfileID> = []
    var deletedProfiles: Set<ProfileID> = []
    var operations: Set<OperationID> = []
    var deletedOperations: Set<OperationID> = []
    /// Operations whose lease alone changed: a store whose leases live only in this process
    /// (one process per database) need not write them.
    var leases: Set<OperationID> = []
    /// Uploads of operations added by this change.
    var uploads: [OperationID: Data] = [:]

    var isEmpty: Bool {
        identificationProfiles.isEmpty && verificationProfiles.isEmpty && deletedProfiles.isEmpty && operations.isEmpty
            && deletedOperations.isEmpty && uploads.isEmpty && leases.isEmpty
    }
}
