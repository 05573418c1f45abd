import Foundation
import SpeakerEngines
import SpeakerRecognition

/// The operations as `GET /operations/{id}` answers them, apart from the emulator's actor: polls,
/// most of a service's traffic, never wait behind an upload, an analysis's bookkeeping or a
/// storage write.
///
/// The actor posts an operation's answer here each time the operation changes (a few times in its
/// life), already encoded; a poll is a lookup under a lock.
final class OperationBoard: Sendable {
    /// One operation's answer.
    struct Entry: Sendable {
        let created: Date
        let isTerminal: Bool
        let body: Data
    }

    private let entries = Locked<[OperationID: Entry]>([:])

    /// Records `record`'s answer as it is now.
    func post(_ record: OperationRecord) {
        let entry = Entry(created: record.created, isTerminal: record.status.isTerminal, body: Data(record.json.jsonText().utf8))
        entries.withLock { $0[record.id] = entry }
    }

    func remove(_ ids: [OperationID]) {
        entries.withLock { entries in
            for id in ids { entries[id] = nil }
        }
    }

    func entry(_ id: OperationID) -> Entry? {
        entries.withLock { $0[id] }
    }
}
