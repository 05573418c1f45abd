/// How sure the service is of an identification or verification: `Low`, `Normal` or `High`.
public enum Confidence: WireEnumeration {
    case low
    case normal
    case high
    /// A value the service did not document, kept as received.
    case unknown(String)

    public var unknownWire: String? {
        if case let .unknown(wire) = self { wire } else { nil }
    }

    public static let knownValues: [(value: Confidence, wire: String)] = [
        (.low, "Low"), (.normal, "Normal"), (.high, "High"),
    ]
}
