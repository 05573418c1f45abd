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
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// The first value of `name`.
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        set {
            fields.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            if let newValue { fields.append(Field(name: name, value: newValue)) }
        }
    }

    /// Adds a field, keeping any earlier ones of the same name.
    public mutating func append(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

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
