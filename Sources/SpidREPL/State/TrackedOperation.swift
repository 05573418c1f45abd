import Foundation
import SpeakerRecognition

/// An operation the session knows: created here, loaded, or resumed.
struct TrackedOperation: Sendable {
    /// `op1`, `op2`, … in order of arrival.
    let name: String
    /// Where to poll it; `nil` for a document loaded from a file.
    let location: OperationLocation?
    var kind: OperationKind?
    var snapshot: OperationSnapshot?
    /// Every status seen, in order, with when it was seen.
    var transitions: [(status: OperationStatus, at: Date)] = []
    /// Why watching ended without a final status (gone, timed out), if it did.
    var failure: String?
    let addedAt: Date
    /// What made it: `enroll …`, `load …`.
    let origin: String

    var status: OperationStatus? { snapshot?.status }

    /// The status as `ops` and `watch` show it: `accepted` until the first poll answers.
    var statusText: String { status?.wireValue ?? "accepted" }

    /// True when nothing more will change: a final status, a file, or a watch that ended.
    var isSettled: Bool { status?.isTerminal == true || location == nil || failure != nil }

    mutating func observe(_ snapshot: OperationSnapshot, at date: Date) {
        if transitions.last?.status != snapshot.status { transitions.append((snapshot.status, date)) }
        self.snapshot = snapshot
        if kind == nil { kind = snapshot.processingResult?.kind }
    }

    /// The document `show` and `expect` look into.
    var document: JSONValue { snapshot?.raw ?? .object([:]) }
}
