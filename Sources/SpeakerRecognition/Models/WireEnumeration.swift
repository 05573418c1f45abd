/// An enumeration the service sends as a string, decoded case-insensitively.
///
/// The service's casing differs by field (`notstarted`, `Enrolled`, `Accept`) and old clients
/// were sloppy about it, so values are matched ignoring case, written back in the service's own
/// casing, and a value nobody has seen yet is kept as ``unknown(_:)`` instead of failing.
public protocol WireEnumeration: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The values the service is known to send, in the casing it sends them.
    static var knownValues: [(value: Self, wire: String)] { get }
    /// Wraps a value that is not one of ``knownValues``.
    static func unknown(_ wire: String) -> Self
    /// The string received, when the value is not a known one.
    var unknownWire: String? { get }
}

extension WireEnumeration {
    /// Matches `wire` against the known values ignoring case; anything else is kept as unknown.
    public init(wire: String) {
        let lowered = wire.lowercased()
        self = Self.knownValues.first { $0.wire.lowercased() == lowered }?.value ?? Self.unknown(wire)
    }

    /// The string as the service spells it (or as received, for an unknown value).
    public var wireValue: String {
        if let known = Self.knownValues.first(where: { $0.value == self }) { return known.wire }
        return unknownWire ?? ""
    }

    /// `true` when the value is one of ``knownValues``.
    public var isKnown: Bool { unknownWire == nil }

    public var description: String { wireValue }

    public init(from decoder: any Decoder) throws {
        self.init(wire: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wireValue)
    }
}
