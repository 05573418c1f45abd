import Foundation
import SpeakerRecognition

/// The operations a session knows, named `op1`, `op2`, … in order of arrival.
///
/// A value type, so the naming and lookup rules are tested without a session or a service.
struct OperationRegistry: Sendable {
    /// Every operation, oldest first.
    private(set) var all: [TrackedOperation] = []
    private var positions: [String: Int] = [:]
    private var nextNumber = 1
    /// The name a command without OP uses: the operation last created, loaded or looked at.
    private(set) var last: String?

    var isEmpty: Bool { all.isEmpty }
    var names: [String] { all.map(\.name) }

    /// The operation called `name` (`op3`).
    subscript(name: String) -> TrackedOperation? {
        positions[name].map { all[$0] }
    }

    /// The operation polled at `location`.
    func operation(at location: OperationLocation) -> TrackedOperation? {
        all.first { $0.location == location }
    }

    /// Adds an operation, or finds the one already known at `location`; either becomes the last.
    @discardableResult
    mutating func register(
        location: OperationLocation?, kind: OperationKind?, origin: String, snapshot: OperationSnapshot? = nil, at date: Date = Date()
    ) -> TrackedOperation {
        if let location, let position = all.firstIndex(where: { $0.location == location }) {
            if let snapshot { all[position].observe(snapshot, at: date) }
            last = all[position].name
            return all[position]
        }
        var operation = TrackedOperation(name: "op\(nextNumber)", location: location, kind: kind, addedAt: date, origin: origin)
        nextNumber += 1
        if let snapshot { operation.observe(snapshot, at: date) }
        positions[operation.name] = all.count
        all.append(operation)
        last = operation.name
        return operation
    }

    /// The operation a word names: a session name, a name bound to one, an operation id, or an
    /// Operation-Location URL; `nil` when none is known here.
    func find(_ word: String, bindings: Bindings) -> TrackedOperation? {
        if let found = self[word] { return found }
        if case .operation(let name)? = bindings[word], let found = self[name] { return found }
        if let id = OperationID(word), let found = all.first(where: { $0.location?.operationId == id }) { return found }
        if let location = OperationLocation(string: word) { return operation(at: location) }
        return nil
    }

    /// Makes `name` the operation that commands without OP use.
    mutating func use(_ name: String) {
        if positions[name] != nil { last = name }
    }

    /// Changes the operation called `name` in place; nothing when there is none.
    mutating func update(_ name: String, _ change: (inout TrackedOperation) -> Void) {
        guard let position = positions[name] else { return }
        change(&all[position])
    }

    /// Records a status seen at `location`; `false` when no operation is there.
    @discardableResult
    mutating func observe(_ snapshot: OperationSnapshot, at location: OperationLocation, date: Date = Date()) -> Bool {
        guard let position = all.firstIndex(where: { $0.location == location }) else { return false }
        all[position].observe(snapshot, at: date)
        return true
    }

    /// Records why watching the operation at `location` ended without a final status.
    mutating func markGone(at location: OperationLocation, reason: String) {
        guard let position = all.firstIndex(where: { $0.location == location }) else { return }
        all[position].failure = reason
    }

    /// Drops the operations of a service (those with a location), keeping documents loaded from
    /// files and the numbering; returns how many went.
    mutating func removeLive() -> Int {
        let before = all.count
        all.removeAll { $0.location != nil }
        positions = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($0.element.name, $0.offset) })
        if let last, positions[last] == nil { self.last = nil }
        return before - all.count
    }
}
