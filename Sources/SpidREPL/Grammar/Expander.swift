/// Replaces `$NAME` and `${NAME}` in words with bound values (then environment variables).
///
/// An unquoted word that is exactly `$NAME` becomes one word per value when the value is a list
/// (`identify x.wav $speakers`); anywhere else values are joined with spaces.
struct Expander {
    /// The values of a name, or `nil` when it is bound nowhere.
    var lookup: (String) -> [String]?
    /// Named in the error for an unknown name.
    var knownNames: () -> [String]

    func expand(_ words: [Word]) throws(REPLError) -> [String] {
        var result: [String] = []
        for word in words {
            if !word.quoted, let name = Self.wholeReference(word.literal) {
                result.append(contentsOf: try values(of: name))
            } else {
                var text = ""
                for piece in word.pieces {
                    text += piece.expands ? try expand(piece.text) : piece.text
                }
                result.append(text)
            }
        }
        return result
    }

    /// Expands the references inside one piece of text.
    func expand(_ text: String) throws(REPLError) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var characters = Substring(text)
        while let dollar = characters.firstIndex(of: "$") {
            output += characters[..<dollar]
            var rest = characters[characters.index(after: dollar)...]
            let braced = rest.first == "{"
            if braced { rest = rest.dropFirst() }
            let name = rest.prefix { $0 == "_" || $0.isLetter || $0.isNumber }
            guard let first = name.first, first == "_" || first.isLetter else {
                output += "$"
                characters = characters[characters.index(after: dollar)...]
                continue
            }
            rest = rest.dropFirst(name.count)
            if braced {
                guard rest.first == "}" else { throw REPLError("${\(name) is not closed; write ${\(name)}") }
                rest = rest.dropFirst()
            }
            output += try values(of: String(name)).joined(separator: " ")
            characters = rest
        }
        return output + characters
    }

    private func values(of name: String) throws(REPLError) -> [String] {
        if let values = lookup(name) { return values }
        let known = knownNames()
        let hint = known.isEmpty ? "bind one with `\(name) = COMMAND`" : "bound: \(known.sorted().joined(separator: ", "))"
        throw REPLError("$\(name) is not bound and is not an environment variable; \(hint)")
    }

    /// `NAME` when `text` is exactly `$NAME` or `${NAME}`.
    static func wholeReference(_ text: String) -> String? {
        guard text.hasPrefix("$") else { return nil }
        var name = text.dropFirst()
        if name.hasPrefix("{") {
            guard name.hasSuffix("}") else { return nil }
            name = name.dropFirst().dropLast()
        }
        guard let first = name.first, first == "_" || first.isLetter,
            name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber })
        else { return nil }
        return String(name)
    }

    /// True for a name a value can be bound to.
    static func isName(_ text: String) -> Bool {
        guard let first = text.first, first == "_" || first.isLetter else { return false }
        return text.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }
}
