import Foundation
import SpeakerRecognition

/// The encoded body of recent `GET /operations/{id}` answers, so a poll of an unchanged operation
/// costs a store read and no JSON encoding. An entry is used only while the operation's status
/// and `lastActionDateTime` are those it was made from (every change of the answer changes one of
/// them), so it is safe whoever changed the operation; it is bounded by forgetting everything at
/// ``capacity``.
final class PollAnswerCache: Sendable {
    private struct Entry {
        let status: OperationStatus
        let lastAction: Date
        let body: Data
    }

    static let capacity = 4096
    private let entries = Locked<[OperationID: Entry]>([:])

    /// The body of `record`'s answer, encoded once per change.
    func body(of record: OperationRecord) -> Data {
        if let entry = entries.withLock({ $0[record.id] }), entry.status == record.status, entry.lastAction == record.lastAction {
            return entry.body
        }
        let body = Data(record.json.jsonText().utf8)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[record.id] = Entry(status: record.status, lastAction: record.lastAction, body: body)
        }
        return body
    }
}
