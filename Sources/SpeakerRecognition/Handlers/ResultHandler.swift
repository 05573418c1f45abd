/// Called when an operation's status changes: the result-handling extension point.
///
/// Closures (``ClosureResultHandler``), conformers and loaded modules all go through it. A
/// handler may be slow or throw; whoever calls it reports the failure and never lets one handler
/// hold up polling or the others.
public protocol ResultHandler: Sendable {
    func handle(_ change: StatusChange) async throws
}

/// A ``ResultHandler`` made from a closure.
public struct ClosureResultHandler: ResultHandler {
    private let body: @Sendable (StatusChange) async throws -> Void

    public init(_ body: @escaping @Sendable (StatusChange) async throws -> Void) { self.body = body }

    public func handle(_ change: StatusChange) async throws { try await body(change) }
}
