import Foundation
import SpeakerRecognition

/// One status change as a module receives it: typed with the core's models, plus what the host
/// added (its name for the operation, the rule that fired) and the JSON as received.
public struct ChangeEvent: Sendable {
    /// The change: location, kind, previous status, and the snapshot with its result.
    public var change: StatusChange
    /// The host's name for the operation (`op1` in spid-repl), when it has one.
    public var operation: String?
    /// The rule that fired (`done`, `enrolled`, `change`), when the host says.
    public var event: String?
    /// The document as the host sent it (`StatusChange.document(operation:event:)` in SpeakerRecognition).
    public var document: JSONValue

    /// Reads the JSON handed to `on_event`.
    public init(json: UnsafeRawBufferPointer) throws {
        let document: JSONValue
        do {
            document = try JSONParser().parse(json)
        } catch {
            throw HandlerError("the host sent a change that is not JSON: \(error)")
        }
        try self.init(document: document)
    }

    /// Reads a change document.
    public init(document: JSONValue) throws {
        do {
            change = try StatusChange(document: document)
        } catch {
            throw HandlerError(error.message)
        }
        operation = document["operation"]?.stringValue
        event = document["event"]?.stringValue
        self.document = document
    }

    /// The status now.
    public var status: OperationStatus { change.current }
    /// The status before, `nil` on the first observation.
    public var previous: OperationStatus? { change.previous }
    /// The operation's id, when its URL ends with one.
    public var operationId: OperationID? { change.location.operationId }
    public var kind: OperationKind? { change.kind }
    public var snapshot: OperationSnapshot { change.snapshot }
}
