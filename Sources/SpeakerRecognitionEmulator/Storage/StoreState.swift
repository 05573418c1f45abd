import Foundation
import SpeakerEngines
import SpeakerRecognition

/// Everything a store holds, as one value, and every change the service makes to it.
///
/// The rules live here once: the profile quota, the queue's limits, who may claim an operation,
/// and that an operation ends together with the profiles it changes, only by its lease holder.
/// ``MemoryStore`` keeps one under a lock; ``SQLiteStore`` keeps one as a mirror of its database
/// and writes each change's ``StoreChanges`` in the same transaction.
struct StoreState: Sendable {
    private(set) var identificationProfiles: [ProfileID: IdentificationProfileRecord] = [:]
    private(set) var verificationProfiles: [ProfileID: VerificationProfileRecord] = [:]
    /// Every operation kept (24 hours); the unfinished ones carry their ``OperationInput``
    /// without its audio.
    private(set) var operations: [OperationID: OperationRecord] = [:]
    /// The operations not yet ended, so claims never scan the day's finished ones.
    private(set) var unfinished: Set<OperationID> = []
    /// Uploads of unfinished operations, when the store keeps them in memory.
    private(set) var audio: [OperationID: Data] = [:]
    private(set) var changes = StoreChanges()
    /// Whether uploads stay in ``audio``; a store with a disk keeps them there instead.
    let keepsAudio: Bool

    init(keepsAudio: Bool) {
        self.keepsAudio = keepsAudio
    }

    /// The changes since the last call, cleared.
    mutating func takeChanges() -> StoreChanges {
        defer { changes = StoreChanges() }
        return changes
    }

    // MARK: Loading

    /// Adds what a store read at start; leases from a previous run are dropped.
    mutating func load(
        identification: [IdentificationProfileRecord], verification: [VerificationProfileRecord], operations loaded: [OperationRecord]
    ) {
        for profile in identification { identificationProfiles[profile.id] = profile }
        for profile in verification { verificationProfiles[profile.id] = profile }
        for var record in loaded {
            record.input?.lease = nil
            record.input?.audio = nil
            operations[record.id] = record
            if !record.status.isTerminal { unfinished.insert(record.id) }
        }
    }

    /// Takes over the leases and due times `other` holds for operations unfinished in both, so
    /// a state read again from storage keeps this process's claims.
    mutating func keepClaims(of other: StoreState) {
        for id in unfinished {
            guard let input = other.operations[id]?.input, operations[id]?.input != nil else { continue }
            operations[id]?.input?.lease = input.lease
            operations[id]?.input?.due = input.due
        }
    }

    // MARK: Profiles

    var profileCount: Int { identificationProfiles.count + verificationProfiles.count }

    /// Adds `profile` unless the subscription has `quota` profiles already.
    mutating func insert(_ profile: IdentificationProfileRecord, quota: Int) -> Bool {
        guard profileCount < quota else { return false }
        identificationProfiles[profile.id] = profile
        changes.identificationProfiles.insert(profile.id)
        return true
    }

    mutating func insert(_ profile: VerificationProfileRecord, quota: Int) -> Bool {
        guard profileCount < quota else { return false }
        verificationProfiles[profile.id] = profile
        changes.verificationProfiles.insert(profile.id)
        return true
    }

    /// Applies `change` to the profile `id`; nothing is kept when it fails or the profile is gone.
    mutating func changeIdentificationProfile<Value>(
        _ id: ProfileID, _ change: (inout IdentificationProfileRecord) -> Result<Value, ServiceFailure>
    ) -> Result<Value, ServiceFailure> {
        guard var profile = identificationProfiles[id] else { return .failure(.profileNotFound) }
        let result = change(&profile)
        if case .success = result {
            identificationProfiles[id] = profile
            changes.identificationProfiles.insert(id)
        }
        return result
    }

    mutating func changeVerificationProfile<Value>(
        _ id: ProfileID, _ change: (inout VerificationProfileRecord) -> Result<Value, ServiceFailure>
    ) -> Result<Value, ServiceFailure> {
        guard var profile = verificationProfiles[id] else { return .failure(.profileNotFound) }
        let result = change(&profile)
        if case .success = result {
            verificationProfiles[id] = profile
            changes.verificationProfiles.insert(id)
        }
        return result
    }

    /// Removes the identification profile `id`; `false` when there was none.
    mutating func deleteIdentificationProfile(_ id: ProfileID) -> Bool {
        guard identificationProfiles.removeValue(forKey: id) != nil else { return false }
        changes.deletedProfiles.insert(id)
        return true
    }

    mutating func deleteVerificationProfile(_ id: ProfileID) -> Bool {
        guard verificationProfiles.removeValue(forKey: id) != nil else { return false }
        changes.deletedProfiles.insert(id)
        return true
    }

    // MARK: The queue

    /// Bytes of upload held by the unfinished operations.
    var queuedBytes: Int { unfinished.reduce(0) { $0 + (operations[$1]?.input?.audioBytes ?? 0) } }

    /// Adds a `notstarted` operation and its upload, unless the queue is at `limits`.
    mutating func enqueue(_ record: OperationRecord, audio upload: Data, limits: QueueLimits) -> QueueAdmission {
        let bytes = queuedBytes + upload.count
        guard unfinished.count < limits.operations, bytes <= limits.bytes else { return .full(waiting: unfinished.count) }
        var record = record
        record.input?.audio = nil
        record.input?.lease = nil
        operations[record.id] = record
        unfinished.insert(record.id)
        if keepsAudio { audio[record.id] = upload }
        changes.operations.insert(record.id)
        changes.uploads[record.id] = upload
        return .accepted
    }

    /// Gives the oldest due operation that nobody holds (or whose holder's lease lapsed) to a new
    /// lease `token` until `leaseUntil`.
    mutating func claim(now: Date, token: UUID, leaseUntil: Date) -> ClaimResult {
        var chosen: OperationRecord?
        var nextDue: Date?
        for id in unfinished {
            guard let record = operations[id], let input = record.input else { continue }
            let free = input.lease.map { $0.expires <= now } ?? true
            guard free else { continue }
            if input.due > now {
                nextDue = min(nextDue ?? input.due, input.due)
            } else if chosen.map({ (record.created, record.id.description) < ($0.created, $0.id.description) }) ?? true {
                chosen = record
            }
        }
        guard var record = chosen, var input = record.input else { return .idle(nextDue: nextDue) }
        input.lease = Lease(token: token, expires: leaseUntil)
        record.input = input
        operations[record.id] = record
        changes.leases.insert(record.id)
        return .claimed(WorkClaim(record: record, input: input, audio: audio[record.id], token: token))
    }

    /// Whether `token` still holds operation `id` at `now`.
    func holds(_ id: OperationID, token: UUID, at now: Date) -> Bool {
        guard let lease = operations[id]?.input?.lease else { return false }
        return lease.token == token && lease.expires > now
    }

    /// Pushes the lease on to `until`; `false` when `token` no longer holds the operation.
    mutating func renew(_ id: OperationID, token: UUID, now: Date, until: Date) -> Bool {
        guard holds(id, token: token, at: now) else { return false }
        operations[id]?.input?.lease?.expires = until
        changes.leases.insert(id)
        return true
    }

    /// Shows the operation `running`; `false` when `token` no longer holds it.
    mutating func markRunning(_ id: OperationID, token: UUID, now: Date, leaseUntil: Date) -> Bool {
        guard holds(id, token: token, at: now) else { return false }
        operations[id]?.status = .running
        operations[id]?.lastAction = now
        operations[id]?.input?.lease?.expires = leaseUntil
        changes.operations.insert(id)
        return true
    }

    /// Ends operation `id` with what `resolve` makes of its profiles as they are now (the
    /// identification profiles it names; a deleted one is missing), storing the profiles it
    /// returns, all in one step. `nil`, and nothing changed, when `token` no longer holds it.
    mutating func finish(
        _ id: OperationID, token: UUID, now: Date,
        resolve: ([ProfileID: IdentificationProfileRecord]) -> OperationResolution
    ) -> OperationRecord? {
        guard holds(id, token: token, at: now), var record = operations[id], let input = record.input else { return nil }
        var current: [ProfileID: IdentificationProfileRecord] = [:]
        for profile in input.profiles { current[profile] = identificationProfiles[profile] }
        let resolution = resolve(current)
        record.end(resolution.outcome, at: now)
        operations[id] = record
        unfinished.remove(id)
        audio[id] = nil
        changes.operations.insert(id)
        for profile in resolution.profiles where identificationProfiles[profile.id] != nil {
            identificationProfiles[profile.id] = profile
            changes.identificationProfiles.insert(profile.id)
        }
        return record
    }

    /// Forgets the operations created at `cutoff` or before, finished or not.
    mutating func purge(createdBefore cutoff: Date) -> [OperationID] {
        let expired = operations.values.filter { $0.created <= cutoff }.map(\.id)
        for id in expired {
            operations[id] = nil
            unfinished.remove(id)
            audio[id] = nil
            changes.deletedOperations.insert(id)
        }
        return expired
    }
}
