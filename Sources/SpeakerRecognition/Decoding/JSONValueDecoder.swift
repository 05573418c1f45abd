import Foundation

/// Decodes `Decodable` values from a ``JSONValue`` tree already parsed, so a document is read
/// once: bytes → ``JSONParser`` → tree → typed values, and the tree is the value's `raw`.
///
/// It follows the wire's conventions (``SpidJSON``): dates in the service's ISO 8601 form with 0
/// to 7 (or more) fractional digits. Its errors are the `DecodingError`s `JSONDecoder` throws, with
/// the same coding paths, so messages name the member at fault (`processingResult.confidence`).
public struct JSONValueDecoder: Sendable {
    public init() {}

    /// The value of `type` that `tree` holds.
    public func decode<Value: Decodable>(_ type: Value.Type, from tree: JSONValue) throws -> Value {
        try TreeDecoder(value: tree, codingPath: []).decode(type)
    }
}

/// One position in the tree being decoded.
struct TreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .object(object) = value else { throw mismatch([String: JSONValue].self) }
        return KeyedDecodingContainer(TreeKeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .array(elements) = value else { throw mismatch([JSONValue].self) }
        return TreeUnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { TreeSingleValueContainer(decoder: self) }

    /// The value as `type`: scalars and dates read here, anything else through its own `init(from:)`.
    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        if type == JSONValue.self { return value as! Value }
        if type == Date.self { return try decodeDate() as! Value }
        if type == String.self { return try decodeString() as! Value }
        if type == Double.self { return try decodeDouble() as! Value }
        if type == Int.self { return try decodeInteger(Int.self) as! Value }
        if type == Bool.self { return try decodeBool() as! Value }
        return try Value(from: self)
    }

    func decodeString() throws -> String {
        guard case let .string(text) = value else { throw mismatch(String.self) }
        return text
    }

    func decodeBool() throws -> Bool {
        guard case let .bool(flag) = value else { throw mismatch(Bool.self) }
        return flag
    }

    func decodeDouble() throws -> Double {
        guard case let .number(number) = value else { throw mismatch(Double.self) }
        guard let double = Double(number.text) else { throw corrupted("Number \(number.text) is not representable in Swift.") }
        return double
    }

    func decodeInteger<Integer: FixedWidthInteger>(_ type: Integer.Type) throws -> Integer {
        guard case let .number(number) = value else { throw mismatch(type) }
        if let exact = Integer(number.text) { return exact }
        if let double = Double(number.text), let exact = Integer(exactly: double) { return exact }
        throw corrupted("Number \(number.text) is not representable in Swift.")
    }

    func decodeDate() throws -> Date {
        let text = try decodeString()
        guard let date = WireDate.parse(text) else { throw corrupted(SpidJSON.invalidDateDescription(text)) }
        return date
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
        }
        return .typeMismatch(
            type,
            .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(value.typeNameWithArticle) instead."))
    }

    func corrupted(_ description: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: description))
    }
}

/// The members of an object, by key.
private struct TreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.members.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func member(_ key: Key) throws -> TreeDecoder {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return TreeDecoder(value: value, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key).value { true } else { false }
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try member(key).decodeBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try member(key).decodeString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try member(key).decodeDouble() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try member(key).decodeDouble()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try member(key).decodeInteger(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try member(key).decodeInteger(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try member(key).decodeInteger(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try member(key).decodeInteger(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try member(key).decodeInteger(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try member(key).decodeInteger(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try member(key).decodeInteger(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try member(key).decodeInteger(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try member(key).decodeInteger(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try member(key).decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try member(key).decode(type) }

    /// One lookup instead of the default's three (`contains`, `decodeNil`, `decode`).
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = object[key.stringValue] else { return nil }
        if case .null = value { return nil }
        return try TreeDecoder(value: value, codingPath: codingPath + [key]).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try member(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try member(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder {
        TreeDecoder(value: object[TreeIndexKey.superKey.stringValue] ?? .null, codingPath: codingPath + [TreeIndexKey.superKey])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

/// The elements of an array, in order.
private struct TreeUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The next element's decoder; the index moves on only when decoding it succeeds.
    private func next(_ type: Any.Type) throws -> TreeDecoder {
        let path = codingPath + [TreeIndexKey(index: currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Unkeyed container is at end."))
        }
        return TreeDecoder(value: elements[currentIndex], codingPath: path)
    }

    private mutating func advance<T>(_ body: (TreeDecoder) throws -> T, _ type: Any.Type) throws -> T {
        let value = try body(try next(type))
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard case .null = try next(JSONValue.self).value else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try advance({ try $0.decodeBool() }, type) }
    mutating func decode(_ type: String.Type) throws -> String { try advance({ try $0.decodeString() }, type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try advance({ try $0.decodeDouble() }, type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try advance({ Float(try $0.decodeDouble()) }, type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try advance({ try $0.decodeInteger(type) }, type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try advance({ try $0.decodeInteger(type) }, type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try advance({ try $0.decodeInteger(type) }, type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try advance({ try $0.decodeInteger(type) }, type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try advance({ try $0.decodeInteger(type) }, type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try advance({ try $0.decodeInteger(type) }, type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try advance({ try $0.decodeInteger(type) }, type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try advance({ try $0.decodeInteger(type) }, type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try advance({ try $0.decodeInteger(type) }, type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try advance({ try $0.decodeInteger(type) }, type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try advance({ try $0.decode(type) }, type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try advance({ try $0.container(keyedBy: type) }, [String: JSONValue].self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try advance({ try $0.unkeyedContainer() }, [JSONValue].self)
    }

    mutating func superDecoder() throws -> any Decoder { try advance({ $0 }, JSONValue.self) }
}

/// A value that is neither object nor array, or any value read as one.
private struct TreeSingleValueContainer: SingleValueDecodingContainer {
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { if case .null = decoder.value { true } else { false } }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.decodeDouble()) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}

/// An array index, or `super`, in a coding path.
private struct TreeIndexKey: CodingKey {
    static let superKey = TreeIndexKey(stringValue: "super")

    let stringValue: String
    let intValue: Int?

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init?(intValue: Int) { self.init(index: intValue) }
}
