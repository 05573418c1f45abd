import Foundation
import SpeakerEngines
import SpeakerRecognition

/// Where an emulator keeps its profiles and operations.
public enum EmulatorStorageLocation: Sendable, Hashable {
    /// Nothing survives the process.
    case memory
    /// A SQLite database `spid.sqlite` in this folder (created when missing), so a restart loses nothing.
    case directory(URL)
}

/// Write-through persistence under the emulator's in-memory state.
protocol EmulatorStorage: Sendable {
    func load() throws -> StoredState
    func save(_ profile: IdentificationProfileRecord) throws
    func save(_ profile: VerificationProfileRecord) throws
    func deleteProfile(_ id: ProfileID) throws
    /// Stores an operation and the profiles it changed, all or nothing.
    func save(_ operation: OperationRecord, updating profiles: [IdentificationProfileRecord]) throws
    func deleteOperations(_ ids: [OperationID]) throws
    /// Whether it keeps an unfinished operation's audio, so the emulator need not hold it in memory.
    var holdsAudio: Bool { get }
    /// The audio of an unfinished operation, as stored; `nil` when there is none.
    func audio(of id: OperationID) throws -> Data?
}

/// Everything a storage holds, read at start.
struct StoredState: Sendable {
    var identificationProfiles: [IdentificationProfileRecord] = []
    var verificationProfiles: [VerificationProfileRecord] = []
    var operations: [OperationRecord] = []
}

/// Keeps nothing: the in-memory state is all there is.
struct MemoryStorage: EmulatorStorage {
    func load() throws -> StoredState { StoredState() }
    func save(_ profile: IdentificationProfileRecord) throws {}
    func save(_ profile: VerificationProfileRecord) throws {}
    func deleteProfile(_ id: ProfileID) throws {}
    func save(_ operation: OperationRecord, updating profiles: [IdentificationProfileRecord]) throws {}
    func deleteOperations(_ ids: [OperationID]) throws {}
    var holdsAudio: Bool { false }
    func audio(of id: OperationID) throws -> Data? { nil }
}
