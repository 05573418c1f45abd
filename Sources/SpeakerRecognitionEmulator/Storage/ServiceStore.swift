import Foundation
import SpeakerRecognition

/// Where the service keeps its state and its queue of work: profiles, operations, the uploads
/// waiting to be analysed, and which worker holds which operation.
///
/// The service logic (``SpeakerRecognitionEmulator``) holds no state of its own: every request
/// reads and changes a store, and workers claim operations from it under a lease, so a store
/// shared by several processes makes them one service. Each method is one atomic step; in
/// particular ``finish(_:at:resolve:)`` applies an operation's result to its profiles and
/// ends it in one transaction, and only while the caller's lease holds, so an enrollment is
/// counted once however many workers race for it.
///
/// Storage failures are thrown (the service answers 500 and changes nothing); the service's own
/// refusals come back as values.
package protocol ServiceStore: Sendable {
    // MARK: Profiles

    func identificationProfiles() async throws -> [IdentificationProfileRecord]
    func identificationProfile(_ id: ProfileID) async throws -> IdentificationProfileRecord?
    func verificationProfiles() async throws -> [VerificationProfileRecord]
    func verificationProfile(_ id: ProfileID) async throws -> VerificationProfileRecord?

    /// Adds a profile unless the subscription holds `quota` profiles (both kinds); `false` then.
    func insert(_ profile: IdentificationProfileRecord, quota: Int) async throws -> Bool
    func insert(_ profile: VerificationProfileRecord, quota: Int) async throws -> Bool

    /// Changes a profile in one step: `change` sees it as stored and its success is kept, its
    /// failure (or a missing profile's `profileNotFound`) leaves it as it was.
    func changeIdentificationProfile<Value: Sendable>(
        _ id: ProfileID, _ change: @escaping @Sendable (inout IdentificationProfileRecord) -> Result<Value, ServiceFailure>
    ) async throws -> Result<Value, ServiceFailure>
    func changeVerificationProfile<Value: Sendable>(
        _ id: ProfileID, _ change: @escaping @Sendable (inout VerificationProfileRecord) -> Result<Value, ServiceFailure>
    ) async throws -> Result<Value, ServiceFailure>

    /// Removes a profile; `false` when it did not exist.
    func deleteIdentificationProfile(_ id: ProfileID) async throws -> Bool
    func deleteVerificationProfile(_ id: ProfileID) async throws -> Bool

    // MARK: Operations and their queue

    /// An operation as a poll shows it; `nil` when unknown or purged.
    func operation(_ id: OperationID) async throws -> OperationRecord?

    /// The operation when this process holds it in memory, at no more cost than a lock: polls,
    /// most of a service's traffic, then need no suspension. `nil` sends them to
    /// ``operation(_:)``.
    func knownOperation(_ id: OperationID) -> OperationRecord?

    /// Adds a `notstarted` operation (its ``OperationInput`` says when it falls due) with its
    /// upload, durably, unless the queue is at `limits`.
    func enqueue(_ record: OperationRecord, audio: Data, limits: QueueLimits) async throws -> QueueAdmission

    /// Claims the oldest due operation nobody holds, under a new lease until `leaseUntil`.
    func claim(at now: Date, leaseUntil: Date) async throws -> ClaimResult

    /// Shows a claimed operation `running` and renews its lease; `false` when the lease is lost.
    func markRunning(_ claim: WorkClaim, at now: Date, leaseUntil: Date) async throws -> Bool

    /// Pushes a lease on; `false` when it is lost (another worker may have the operation now).
    func renew(_ claim: WorkClaim, at now: Date, until: Date) async throws -> Bool

    /// Ends a claimed operation with what `resolve` makes of its identification profiles as they
    /// are at that moment, storing the profiles it returns with the end, in one transaction.
    /// `nil`, and nothing stored, when the lease is lost.
    func finish(
        _ claim: WorkClaim, at now: Date,
        resolve: @escaping @Sendable ([ProfileID: IdentificationProfileRecord]) -> OperationResolution
    ) async throws -> OperationRecord?

    /// Forgets operations created at `cutoff` or before; returns how many.
    func purge(createdBefore cutoff: Date) async throws -> Int

    /// Operations accepted and not yet ended.
    func unfinishedCount() async throws -> Int

    /// Bytes of upload this process holds in memory for unfinished operations.
    func audioBytesInMemory() async -> Int

    /// How often an idle worker looks for work nothing told it of: operations another process
    /// added, or that fell due. A store only this process fills can wait long.
    var idleRecheck: Duration { get }
}

extension ServiceStore {
    package var idleRecheck: Duration { .seconds(5) }
    package func knownOperation(_ id: OperationID) -> OperationRecord? { nil }
}
