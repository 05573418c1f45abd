/// HTTP header fields in order, names compared without regard to case, repeated names kept.
///
/// Printing or dumping headers shows secrets (`Ocp-Apim-Subscription-Key`, `Authorization`) as
/// `<redacted>`; only iterating the fields reads them.
public struct TransportHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible,
    CustomReflectable
{
    /// One header line.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) { self.fields = fields }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// Every value of `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// The first value of `name`.
    public subscript(name: String) -> String? {
        get { fields.first { Self.sameName($0.name, name) }?.value }
        set {
            fields.removeAll { Self.sameName($0.name, name) }
            if let newValue { fields.append(Field(name: name, value: newValue)) }
        }
    }

    /// Adds a field, keeping any earlier ones of the same name.
    public mutating func append(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Whether two header names are equal without regard to ASCII case (names are ASCII tokens;
    /// Foundation's case-insensitive comparison was a visible share of every poll's cost on Linux).
    static func sameName(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator(), right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case let (x?, y?):
                if x != y, Self.folded(x) != Self.folded(y) { return false }
            default: return false
            }
        }
    }

    private static func folded(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    /// Header names whose values are secrets.
    public static let secretNames: Set<String> = ["ocp-apim-subscription-key", "authorization", "proxy-authorization"]

    private var redacted: [(String, String)] {
        fields.map { ($0.name, Self.secretNames.contains($0.name.lowercased()) ? "<redacted>" : $0.value) }
    }

    public var description: String { redacted.map { "\($0.0): \($0.1)" }.joined(separator: "\n") }

    public var customMirror: Mirror {
        Mirror(self, unlabeledChildren: redacted.map { "\($0.0): \($0.1)" }, displayStyle: .collection)
    }
}
