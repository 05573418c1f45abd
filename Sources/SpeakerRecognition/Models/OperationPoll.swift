/// What one `GET` of an operation returned: the snapshot and the wait the service asked for.
public struct OperationPoll: Sendable, Hashable {
    public var snapshot: OperationSnapshot
    /// `Retry-After` (or `retry-after-ms`) of the response, unclamped.
    public var retryAfter: Duration?

    public init(snapshot: OperationSnapshot, retryAfter: Duration?) {
        self.snapshot = snapshot
        self.retryAfter = retryAfter
    }
}
