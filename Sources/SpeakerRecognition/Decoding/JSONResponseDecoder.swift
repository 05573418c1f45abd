import Foundation

/// The default ``ResponseDecoding``: ``JSONParser`` makes the tree, ``JSONValueDecoder`` the typed values.
///
/// Strict (RFC 8259) for responses off the wire. ``JSONSyntax/lenient`` is for documents a person
/// pastes: besides the invalid JSON of the published docs it skips a leading HTTP status line,
/// headers or title lines before the first `{` or `[` line, and matches member names ignoring case
/// (`EnrollmentStatus`, `Result`), so every example on the docs' pages loads.
public struct JSONResponseDecoder: ResponseDecoding {
    public var syntax: JSONSyntax

    public init(syntax: JSONSyntax = .strict) { self.syntax = syntax }

    /// The document as a tree, as this decoder reads it (lenient: preamble skipped, member names normalised).
    public func tree(from body: Data) throws(SpidError) -> JSONValue {
        do {
            switch syntax {
            case .strict:
                return try JSONParser(syntax: .strict).parse(body)
            case .lenient:
                return WireKeys.normalise(try JSONParser(syntax: .lenient).parse(Self.droppingPreamble(body)))
            }
        } catch {
            throw SpidError(.decoding, "the body is not valid JSON: \(error)", bodySnippet: SpidError.snippet(of: body))
        }
    }

    public func decodeOperation(from body: Data) throws -> OperationSnapshot {
        let tree = try tree(from: body)
        guard case let .object(object) = tree else {
            throw SpidError(
                .decoding, "an operation must be a JSON object, not \(tree.typeNameWithArticle)",
                bodySnippet: SpidError.snippet(of: body))
        }
        switch object["status"] {
        case nil:
            throw SpidError(
                .decoding, "the operation has no \"status\"; members are: \(object.keys.joined(separator: ", "))",
                bodySnippet: SpidError.snippet(of: body))
        case .null?:
            throw SpidError(.decoding, "the operation's \"status\" is null", bodySnippet: SpidError.snippet(of: body))
        default: break
        }
        return try decodeTyped(OperationSnapshot.self, tree: tree, body: body)
    }

    public func decode<Value: Decodable>(_ type: Value.Type, from body: Data) throws -> Value {
        try decodeTyped(type, tree: tree(from: body), body: body)
    }

    /// The typed value read from the tree in hand: the document is parsed once.
    private func decodeTyped<Value: Decodable>(_ type: Value.Type, tree: JSONValue, body: Data) throws(SpidError) -> Value {
        do {
            return try JSONValueDecoder().decode(type, from: tree)
        } catch let error as DecodingError {
            throw SpidError(.decoding, "\(Value.self): \(Self.explain(error))", bodySnippet: SpidError.snippet(of: body))
        } catch {
            throw SpidError(.decoding, "\(Value.self): \(error)", bodySnippet: SpidError.snippet(of: body))
        }
    }

    /// A `DecodingError` as one sentence naming the path (`processingResult.confidence: …`).
    static func explain(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
            return text.isEmpty ? "the document" : "\"\(text)\""
        }
        switch error {
        case let .keyNotFound(key, context): return "\(path(context.codingPath, key)) is missing"
        case let .valueNotFound(type, context): return "\(path(context.codingPath)) is null; expected \(typeName(type))"
        case let .typeMismatch(type, context): return "\(path(context.codingPath)) is not \(typeName(type))"
        case let .dataCorrupted(context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type: "an integer"
        case is Bool.Type: "a boolean"
        default: type is any Collection.Type ? "an array" : "an object (\(type))"
        }
    }

    /// Skips anything before the first line that starts with `{` or `[`: an HTTP status line and
    /// headers, or a title such as "Case 4 - failed", as people paste them from the docs.
    static func droppingPreamble(_ body: Data) -> Data {
        let start = body.withUnsafeBytes { bytes -> Int? in
            var lineStart = 0
            while lineStart < bytes.count {
                var position = lineStart
                while position < bytes.count, isBlankOrByteOrderMark(bytes[position]) { position += 1 }
                if position < bytes.count, bytes[position] == UInt8(ascii: "{") || bytes[position] == UInt8(ascii: "[") {
                    return lineStart
                }
                guard let newline = bytes[lineStart...].firstIndex(of: 0x0A) else { return nil }
                lineStart = newline + 1
            }
            return nil
        }
        guard let start, start > 0 else { return body }
        return body.subdata(in: body.startIndex + start..<body.endIndex)
    }

    /// A space, a tab, or a byte of a UTF-8 byte-order mark.
    private static func isBlankOrByteOrderMark(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0xEF, 0xBB, 0xBF: true
        default: false
        }
    }
}
