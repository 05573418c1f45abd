/// A path into a ``JSONValue``: `processingResult.confidence`, `[0].phrase`, `error["code"]`.
///
/// Members are separated by dots; `[N]` indexes an array; `["…"]` names a member whose name
/// holds dots or brackets. The empty path is the whole document.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Sendable, Hashable {
        case member(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    /// Parses the text form; throws with the position of the first thing it cannot read.
    public init(parsing text: String) throws(JSONPathError) {
        var components: [Component] = []
        var characters = Array(text)[...]
        var position = 0
        func fail(_ reason: String) -> JSONPathError { JSONPathError(path: text, reason: "\(reason) at character \(position + 1)") }
        while let first = characters.first {
            if first == "." {
                guard !components.isEmpty else { throw fail("a path may not start with '.'") }
                characters.removeFirst()
                position += 1
                guard let next = characters.first, next != ".", next != "[" else { throw fail("expected a member name after '.'") }
            }
            if characters.first == "[" {
                characters.removeFirst()
                position += 1
                if characters.first == "\"" {
                    characters.removeFirst()
                    position += 1
                    guard let close = characters.firstIndex(of: "\"") else { throw fail("a quoted member name is not closed") }
                    components.append(.member(String(characters[..<close])))
                    position += close - characters.startIndex + 1
                    characters = characters[(close + 1)...]
                } else {
                    let digits = characters.prefix { $0.isASCII && $0.isNumber }
                    guard !digits.isEmpty, let value = Int(String(digits)) else { throw fail("expected an index or a quoted name in [ ]") }
                    components.append(.index(value))
                    characters.removeFirst(digits.count)
                    position += digits.count
                }
                guard characters.first == "]" else { throw fail("expected ']'") }
                characters.removeFirst()
                position += 1
            } else {
                let name = characters.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else { throw fail("expected a member name") }
                components.append(.member(String(name)))
                characters.removeFirst(name.count)
                position += name.count
            }
        }
        self.components = components
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case let .member(name) where !name.isEmpty && !name.contains(where: { $0 == "." || $0 == "[" || $0 == "]" || $0 == "\"" }):
                text += (text.isEmpty ? "" : ".") + name
            case let .member(name): text += "[\"\(name)\"]"
            case let .index(index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// A path that cannot be parsed, or does not lead to a value in a given document.
public struct JSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "path \"\(path)\": \(reason)" }
}

extension JSONValue {
    /// The value at `path`, or an error naming the first step that does not exist and what does.
    public func value(at path: JSONPath) throws(JSONPathError) -> JSONValue {
        var current = self
        var walked = JSONPath()
        for component in path.components {
            let here = walked.components.isEmpty ? "the document" : "\"\(walked)\""
            switch (component, current) {
            case let (.member(name), .object(object)):
                guard let next = object[name] else {
                    let known = object.keys.isEmpty ? "it has no members" : "its members are " + object.keys.joined(separator: ", ")
                    throw JSONPathError(path: path.description, reason: "\(here) has no member \"\(name)\"; \(known)")
                }
                current = next
            case let (.index(index), .array(elements)):
                guard elements.indices.contains(index) else {
                    throw JSONPathError(
                        path: path.description, reason: "\(here) has \(elements.count) elements; [\(index)] is out of range")
                }
                current = elements[index]
            case (.member, _), (.index, _):
                throw JSONPathError(
                    path: path.description,
                    reason: "\(here) is \(current.typeNameWithArticle), not \(component.isIndex ? "an array" : "an object")")
            }
            walked.components.append(component)
        }
        return current
    }

    /// The value at a path written as text (`processingResult.confidence`).
    public func value(at path: String) throws(JSONPathError) -> JSONValue {
        try value(at: JSONPath(parsing: path))
    }
}

extension JSONPath.Component {
    var isIndex: Bool {
        if case .index = self { true } else { false }
    }
}
