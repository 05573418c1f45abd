import Foundation
import SpeakerRecognition

/// A store in this process's memory: nothing survives it. Each step is one change of a
/// ``StoreState`` under a lock, so concurrent requests never see half of one.
final class MemoryStore: ServiceStore {
    private let state = Locked(StoreState(keepsAudio: true))

    private func change<Value>(_ body: (inout StoreState) -> Value) -> Value {
        state.withLock { state in
            defer { _ = state.takeChanges() }  // nothing to write elsewhere
            return body(&state)
        }
    }

    func identificationProfiles() -> [IdentificationProfileRecord] { state.withLock { Array($0.identificationProfiles.values) } }
    func identificationProfile(_ id: ProfileID) -> IdentificationProfileRecord? { state.withLock { $0.identificationProfiles[id] } }
    func verificationProfiles() -> [VerificationProfileRecord] { state.withLock { Array($0.verificationProfiles.values) } }
    func verificationProfile(_ id: ProfileID) -> VerificationProfileRecord? { state.withLock { $0.verificationProfiles[id] } }

    func insert(_ profile: IdentificationProfileRecord, quota: Int) -> Bool { change { $0.insert(profile, quota: quota) } }
    func insert(_ profile: VerificationProfileRecord, quota: Int) -> Bool { change { $0.insert(profile, quota: quota) } }

    func changeIdentificationProfile<Value: Sendable>(
        _ id: ProfileID, _ body: @escaping @Sendable (inout IdentificationProfileRecord) -> Result<Value, ServiceFailure>
    ) -> Result<Value, ServiceFailure> {
        change { $0.changeIdentificationProfile(id, body) }
    }

    func changeVerificationProfile<Value: Sendable>(
        _ id: ProfileID, _ body: @escaping @Sendable (inout VerificationProfileRecord) -> Result<Value, ServiceFailure>
    ) -> Result<Value, ServiceFailure> {
        change { $0.changeVerificationProfile(id, body) }
    }

    func deleteIdentificationProfile(_ id: ProfileID) -> Bool { change { $0.deleteIdentificationProfile(id) } }
    func deleteVerificationProfile(_ id: ProfileID) -> Bool { change { $0.deleteVerificationProfile(id) } }

    func operation(_ id: OperationID) -> OperationRecord? { state.withLock { $0.operations[id] } }
    func knownOperation(_ id: OperationID) -> OperationRecord? { state.withLock { $0.operations[id] } }

    func enqueue(_ record: OperationRecord, audio: Data, limits: QueueLimits) -> QueueAdmission {
        change { $0.enqueue(record, audio: audio, limits: limits) }
    }

    func claim(at now: Date, leaseUntil: Date) -> ClaimResult {
        change { $0.claim(now: now, token: UUID(), leaseUntil: leaseUntil) }
    }

    func markRunning(_ claim: WorkClaim, at now: Date, leaseUntil: Date) -> Bool {
        change { $0.markRunning(claim.id, token: claim.token, now: now, leaseUntil: leaseUntil) }
    }

    func renew(_ claim: WorkClaim, at now: Date, until: Date) -> Bool {
        change { $0.renew(claim.id, token: claim.token, now: now, until: until) }
    }

    func finish(
        _ claim: WorkClaim, at now: Date, resolve: @escaping @Sendable ([ProfileID: IdentificationProfileRecord]) -> OperationResolution
    ) -> OperationRecord? {
        change { $0.finish(claim.id, token: claim.token, now: now, resolve: resolve) }
    }

    func purge(createdBefore cutoff: Date) -> Int { change { $0.purge(createdBefore: cutoff).count } }

    func unfinishedCount() -> Int { state.withLock { $0.unfinished.count } }

    func audioBytesInMemory() -> Int { state.withLock { $0.audio.values.reduce(0) { $0 + $1.count } } }
}
