/// The status of an asynchronous operation (`notstarted`, `running`, `failed`, `succeeded`).
///
/// Sent lowercase by the service; decoded ignoring case. A status the service never documented
/// is kept as ``unknown(_:)`` so a watcher can report it instead of crashing or guessing.
public enum OperationStatus: WireEnumeration {
    case notStarted
    case running
    case failed
    case succeeded
    /// A value the service did not document, kept as received.
    case unknown(String)

    public var unknownWire: String? {
        if case let .unknown(wire) = self { wire } else { nil }
    }

    public static let knownValues: [(value: OperationStatus, wire: String)] = [
        (.notStarted, "notstarted"), (.running, "running"), (.failed, "failed"), (.succeeded, "succeeded"),
    ]

    /// `true` for `succeeded` and `failed`: the operation will not change again.
    public var isTerminal: Bool { self == .succeeded || self == .failed }
}
