/// The outcome of a verification: `Accept` or `Reject`.
public enum VerificationDecision: WireEnumeration {
    case accept
    case reject
    /// A value the service did not document, kept as received.
    case unknown(String)

    public var unknownWire: String? {
        if case let .unknown(wire) = self { wire } else { nil }
    }

    public static let knownValues: [(value: VerificationDecision, wire: String)] = [
        (.accept, "Accept"), (.reject, "Reject"),
    ]
}
