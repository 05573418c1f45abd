/// A JSON document as a tree, with object members kept in the order they were received.
///
/// Every decoded operation keeps one, so a person can inspect fields the typed models do not
/// know yet. Numbers keep their literal text (`0.0` stays `0.0`, `2` stays `2`).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member named `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case let .object(object) = self { object[key] } else { nil }
    }

    /// The element at `index` when this is an array and the index is in range.
    public subscript(index: Int) -> JSONValue? {
        if case let .array(elements) = self, elements.indices.contains(index) { elements[index] } else { nil }
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case let .string(text) = self { text } else { nil }
    }

    /// The number as a `Double`, when this is one.
    public var doubleValue: Double? {
        if case let .number(number) = self { number.doubleValue } else { nil }
    }

    /// A short name of the value's type: `object`, `array`, `string`, `number`, `bool`, `null`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// ``typeName`` with its article, for messages: `an object`, `a string`.
    public var typeNameWithArticle: String {
        (typeName == "array" || typeName == "object" ? "an " : "a ") + typeName
    }
}

/// A JSON number with the exact text it was written as.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal, e.g. `0.0`, `193.34`, `3`.
    public let text: String

    /// Wraps a literal that is already known to be a valid JSON number.
    init(validatedText: String) { text = validatedText }

    public init(_ value: Int) { text = String(value) }

    /// Non-finite values have no JSON form and are written as `0`.
    public init(_ value: Double) {
        text = value.isFinite ? "\(value)" : "0"
    }

    public var doubleValue: Double { Double(text) ?? 0 }
    public var description: String { text }
}

/// A JSON object: members in received order; lookups by name take the last duplicate, as most parsers do.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// One `"key": value` pair.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public var members: [Member]

    public init(_ members: [Member] = []) { self.members = members }

    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        members = pairs.map { Member(key: $0.key, value: $0.value) }
    }

    /// An object literal, members in the order written: `["status": .string("running")]`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { Member(key: $0.0, value: $0.1) }
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    /// The keys in received order.
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get { members.last { $0.key == key }?.value }
        set {
            if let index = members.lastIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// An object with the members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
}
