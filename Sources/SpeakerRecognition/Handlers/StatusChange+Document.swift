import Foundation

extension StatusChange {
    /// The version of ``document(operation:event:)``'s shape.
    public static let documentVersion = 1

    /// The change as one JSON object: what `exec` handlers read on stdin and handler modules get
    /// (`spid_handler.h` spells it out). `operation` is the host's name for it (`op1`), `event`
    /// the rule that fired (`done`); both are left out when `nil`.
    public func document(operation: String? = nil, event: String? = nil) -> JSONValue {
        var object: JSONObject = [
            "version": .number(JSONNumber(Self.documentVersion)),
            "operationId": location.operationId.map { .string($0.description) } ?? .null,
            "location": .string(location.url.absoluteString),
            "kind": kind.map { .string($0.rawValue) } ?? .null,
            "previous": previous.map { .string($0.wireValue) } ?? .null,
            "status": .string(current.wireValue),
            "snapshot": snapshot.raw,
        ]
        if let operation { object.members.append(.init(key: "operation", value: .string(operation))) }
        if let event { object.members.append(.init(key: "event", value: .string(event))) }
        return .object(object)
    }

    /// Reads a change back from its ``document(operation:event:)``. Members it does not know are
    /// ignored, so later versions of the shape still read.
    public init(document: JSONValue) throws(SpidError) {
        func invalid(_ detail: String) -> SpidError {
            SpidError(.decoding, "not a status-change document: \(detail)")
        }
        guard case .object = document else { throw invalid("it is \(document.typeNameWithArticle), not an object") }
        guard let text = document["location"]?.stringValue, let location = OperationLocation(string: text) else {
            throw invalid("\"location\" must be an absolute http(s) URL")
        }
        guard let snapshotValue = document["snapshot"], case .object = snapshotValue else {
            throw invalid("\"snapshot\" must be an object")
        }
        let snapshot: OperationSnapshot
        do {
            snapshot = try JSONValueDecoder().decode(OperationSnapshot.self, from: snapshotValue)
        } catch {
            throw invalid("\"snapshot\" is not an operation: \(error)")
        }
        let kind = document["kind"]?.stringValue.flatMap(OperationKind.init(rawValue:))
        let previous = document["previous"]?.stringValue.map(OperationStatus.init(wire:))
        self.init(location: location, kind: kind, previous: previous, snapshot: snapshot)
    }
}
