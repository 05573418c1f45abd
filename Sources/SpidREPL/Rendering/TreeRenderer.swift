import SpeakerRecognition

/// Draws a JSON value as an indented tree, one member per line, with each value's type.
///
/// ```
/// processingResult                  object
/// ├─ identifiedProfileId: "1f2e…"   string
/// └─ confidence: "High"             string
/// ```
public struct TreeRenderer: Sendable {
    public var style: TextStyle
    /// Longer strings are cut, with the full length shown.
    public var maximumStringLength = 200

    public init(style: TextStyle) { self.style = style }

    /// The lines of `value`'s tree; `label` names the root.
    public func render(_ value: JSONValue, label: String? = nil) -> [String] {
        var rows: [(plain: String, styled: String, type: String)] = []
        let root = label ?? "(document)"
        rows.append(head(for: value, name: root, styledName: style.bold(root), prefix: ""))
        walk(value, prefix: "", into: &rows)
        let width = rows.map(\.plain.count).max() ?? 0
        return rows.map { row in
            let padding = String(repeating: " ", count: width - row.plain.count + 2)
            return row.styled + padding + style.dim(row.type)
        }
    }

    private func walk(_ value: JSONValue, prefix: String, into rows: inout [(plain: String, styled: String, type: String)]) {
        let children: [(String, String, JSONValue)]
        switch value {
        case .object(let object): children = object.members.map { ($0.key, style.key($0.key), $0.value) }
        case .array(let elements): children = elements.enumerated().map { ("[\($0.offset)]", style.dim("[\($0.offset)]"), $0.element) }
        default: return
        }
        for (index, (name, styledName, child)) in children.enumerated() {
            let last = index == children.count - 1
            let branch = prefix + (last ? "└─ " : "├─ ")
            rows.append(head(for: child, name: name, styledName: styledName, prefix: branch))
            walk(child, prefix: prefix + (last ? "   " : "│  "), into: &rows)
        }
    }

    private func head(
        for value: JSONValue, name: String, styledName: String, prefix: String
    ) -> (plain: String, styled: String, type: String) {
        switch value {
        case .object(let object):
            return (prefix + name, style.dim(prefix) + styledName, "object, \(object.count) member\(object.count == 1 ? "" : "s")")
        case .array(let elements):
            return (prefix + name, style.dim(prefix) + styledName, "array, \(elements.count) element\(elements.count == 1 ? "" : "s")")
        default:
            let (plain, styled) = scalar(value)
            return (prefix + name + ": " + plain, style.dim(prefix) + styledName + ": " + styled, value.typeName)
        }
    }

    /// A scalar's text, plain and styled.
    func scalar(_ value: JSONValue) -> (String, String) {
        switch value {
        case .string(let text):
            var shown = JSONValue.quoted(text)
            if text.count > maximumStringLength {
                shown = JSONValue.quoted(String(text.prefix(maximumStringLength))) + "… (\(text.count) characters)"
            }
            return (shown, style.string(shown))
        case .number(let number): return (number.text, style.number(number.text))
        case .bool(let flag): return (String(flag), style.literal(String(flag)))
        case .null: return ("null", style.literal("null"))
        default:
            let text = value.jsonText()
            return (text, text)
        }
    }
}
