/// One change of an operation's status, as handed to a ``ResultHandler``.
///
/// The first observation of an operation counts as a change from `nil`.
public struct StatusChange: Sendable, Hashable {
    /// Where the operation lives.
    public var location: OperationLocation
    /// What the operation does, when known.
    public var kind: OperationKind?
    /// The status before, or `nil` on the first observation.
    public var previous: OperationStatus?
    /// The observation that brought the change.
    public var snapshot: OperationSnapshot

    public init(location: OperationLocation, kind: OperationKind?, previous: OperationStatus?, snapshot: OperationSnapshot) {
        self.location = location
        self.kind = kind
        self.previous = previous
        self.snapshot = snapshot
    }

    /// The status now.
    public var current: OperationStatus { snapshot.status }
}
