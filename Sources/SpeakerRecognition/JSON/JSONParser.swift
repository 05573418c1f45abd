/// Parses JSON into a ``JSONValue`` tree that keeps the order of object members.
///
/// Strict by default; ``JSONSyntax/lenient`` takes the invalid JSON of the published docs.
/// Nesting is limited to ``maximumDepth`` so hostile input cannot exhaust the stack.
public struct JSONParser: Sendable {
    public var syntax: JSONSyntax
    public var maximumDepth: Int

    public init(syntax: JSONSyntax = .strict, maximumDepth: Int = 512) {
        self.syntax = syntax
        self.maximumDepth = maximumDepth
    }

    /// Parses one complete JSON value; anything but white space (or, leniently, comments) after it is an error.
    public func parse(_ bytes: some Sequence<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var cursor = Cursor(bytes: Array(bytes), lenient: syntax == .lenient, maximumDepth: maximumDepth)
        return try cursor.parseDocument()
    }

    /// Parses the UTF-8 of `text`.
    public func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(text.utf8)
    }
}

private struct Cursor {
    let bytes: [UInt8]
    let lenient: Bool
    let maximumDepth: Int
    var index = 0
    var depth = 0

    init(bytes: [UInt8], lenient: Bool, maximumDepth: Int) {
        self.bytes = bytes
        self.lenient = lenient
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        try skipSpace()
        guard index < bytes.count else { throw failure(bytes.isEmpty ? "the document is empty" : "no JSON value, only white space") }
        let value = try parseValue()
        try skipSpace()
        guard index == bytes.count else { throw failure("unexpected \(describeNext()) after the end of the JSON value") }
        return value
    }

    // MARK: Values

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw failure("the document ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "'") where lenient: return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        default: throw failure("expected a value but found \(describeNext())")
        }
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > maximumDepth { throw failure("nested deeper than \(maximumDepth) levels") }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [JSONObject.Member] = []
        try skipSpace()
        if consume("}") { return .object(JSONObject(members)) }
        while true {
            if lenient, skipEllipsis() {
            } else {
                guard index < bytes.count else { throw failure("the document ends inside an object") }
                guard bytes[index] == UInt8(ascii: "\"") || (lenient && bytes[index] == UInt8(ascii: "'")) else {
                    throw failure("expected a member name in double quotes but found \(describeNext())")
                }
                let key = try parseString()
                try skipSpace()
                if !consume(":") {
                    guard lenient, consume(",") || consume("=") else {
                        throw failure("expected ':' after the member name \"\(key)\" but found \(describeNext())")
                    }
                }
                try skipSpace()
                members.append(JSONObject.Member(key: key, value: try parseValue()))
            }
            try skipSpace()
            let comma = index
            if consume(",") {
                try skipSpace()
                if consume("}") {
                    guard lenient else { throw failure("a trailing comma before '}'", at: comma) }
                    return .object(JSONObject(members))
                }
                continue
            }
            if consume("}") { return .object(JSONObject(members)) }
            if lenient, index < bytes.count,
                bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") || atEllipsis()
            {
                continue  // a missing comma between members
            }
            throw failure("expected ',' or '}' in an object but found \(describeNext())")
        }
    }

    mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        try skipSpace()
        if consume("]") { return .array(elements) }
        while true {
            if !(lenient && skipEllipsis()) {
                elements.append(try parseValue())
            }
            try skipSpace()
            let comma = index
            if consume(",") {
                try skipSpace()
                if consume("]") {
                    guard lenient else { throw failure("a trailing comma before ']'", at: comma) }
                    return .array(elements)
                }
                continue
            }
            if consume("]") { return .array(elements) }
            if lenient, index < bytes.count, startsValue(bytes[index]) || atEllipsis() {
                continue  // a missing comma between elements
            }
            throw failure("expected ',' or ']' in an array but found \(describeNext())")
        }
    }

    func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "-"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            true
        default: false
        }
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let quote = bytes[index]
        let start = index
        index += 1
        var utf8: [UInt8] = []
        while true {
            guard index < bytes.count else { throw failure("a string is not closed", at: start) }
            let byte = bytes[index]
            if byte == quote {
                index += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                try parseEscape(into: &utf8)
                continue
            }
            if byte < 0x20 {
                guard lenient else { throw failure("a control character (0x\(String(byte, radix: 16))) inside a string; escape it") }
            }
            utf8.append(byte)
            index += 1
        }
        if let text = String(validating: utf8, as: UTF8.self) { return text }
        guard lenient else { throw failure("a string is not valid UTF-8", at: start) }
        return String(decoding: utf8, as: UTF8.self)
    }

    mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONSyntaxError) {
        index += 1
        guard index < bytes.count else { throw failure("the document ends inside an escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "'") where lenient: utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure("a lone high surrogate \\u\(String(scalar, radix: 16))") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("a high surrogate not followed by a low one") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw failure("a lone low surrogate \\u\(String(scalar, radix: 16))")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure("an invalid \\u escape") }
            utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw failure("an invalid escape \\\(String(decoding: [byte], as: UTF8.self))", at: index - 2)
        }
    }

    mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = index
        _ = consume("-")
        guard let first = peekDigit() else { throw failure("a number needs a digit after '-'") }
        index += 1
        if first == 0, peekDigit() != nil { throw failure("a number may not start with 0", at: start) }
        while peekDigit() != nil { index += 1 }
        if consume(".") {
            guard peekDigit() != nil else { throw failure("a number needs a digit after '.'") }
            while peekDigit() != nil { index += 1 }
        }
        if consume("e") || consume("E") {
            _ = consume("+") || consume("-")
            guard peekDigit() != nil else { throw failure("a number needs a digit in its exponent") }
            while peekDigit() != nil { index += 1 }
        }
        return JSONNumber(validatedText: String(decoding: bytes[start..<index], as: UTF8.self))
    }

    func peekDigit() -> UInt8? {
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
        return bytes[index] - UInt8(ascii: "0")
    }

    mutating func expectWord(_ word: String) throws(JSONSyntaxError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw failure("expected \(word) but found \(describeNext())")
        }
        index += expected.count
    }

    // MARK: Space, comments, placeholders

    mutating func skipSpace() throws(JSONSyntaxError) {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            case 0xC2 where lenient && index + 1 < bytes.count && bytes[index + 1] == 0xA0:
                index += 2  // U+00A0, pasted from web pages
            case UInt8(ascii: "/") where lenient && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            case UInt8(ascii: "/") where lenient && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                let start = index
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                guard index + 1 < bytes.count else { throw failure("a /* comment is not closed", at: start) }
                index += 2
            default:
                return
            }
        }
    }

    /// `…` (U+2026) or `...`, the docs' "and so on" element.
    /// `…` (U+2026) or `...` here; checked before every lenient member, so it allocates nothing.
    func atEllipsis() -> Bool {
        guard index + 2 < bytes.count else { return false }
        let (first, second, third) = (bytes[index], bytes[index + 1], bytes[index + 2])
        return (first == 0xE2 && second == 0x80 && third == 0xA6) || (first == 0x2E && second == 0x2E && third == 0x2E)
    }

    mutating func skipEllipsis() -> Bool {
        guard index < bytes.count, atEllipsis() else { return false }
        index += 3
        return true
    }

    mutating func consume(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    // MARK: Errors

    func describeNext() -> String {
        guard index < bytes.count else { return "the end of the document" }
        let byte = bytes[index]
        if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte >= 0x80 {
            let end = min(bytes.count, index + 4)
            if let scalar = String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars.first, scalar != "\u{FFFD}" {
                return "'\(Character(scalar))' (U+\(String(scalar.value, radix: 16, uppercase: true)))"
            }
        }
        return "byte 0x\(String(byte, radix: 16))"
    }

    func failure(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for position in 0..<offset where bytes[position] == 0x0A {
            line += 1
            lineStart = position + 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        return JSONSyntaxError(reason: reason, line: line, column: column, offset: offset)
    }
}
