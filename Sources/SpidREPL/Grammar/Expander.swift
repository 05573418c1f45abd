/// Replaces `$NAME` and `${NAME}` in words with bound values (then environment variables).
///
/// An unquoted word that is exactly `$NAME` becomes one word per value when the value is a list
/// (`identify x.wav $speakers`); anywhere else values are joined with spaces.
///
/// What one statement expands to is at most ``maximumLength`` bytes, checked before anything
/// longer is built: otherwise `a = echo "$a$a$a$a"`, repeated, grows without bound from lines of
/// a few bytes.
struct Expander {
    /// The most UTF-8 bytes the words of one statement may hold after expansion.
    static let maximumLength = 1 << 20

    /// The values of a name, or `nil` when it is bound nowhere.
    var lookup: (String) -> [String]?
    /// Named in the error for an unknown name.
    var knownNames: () -> [String]
    /// ``maximumLength`` unless a test lowers it.
    var limit = Expander.maximumLength

    func expand(_ words: [Word]) throws(REPLError) -> [String] {
        var result: [String] = []
        var total = 0
        for word in words {
            if !word.quoted, let name = Self.wholeReference(word.literal) {
                let values = try values(of: name)
                total += values.reduce(0) { $0 + $1.utf8.count }
                try check(total, adding: name)
                result.append(contentsOf: values)
            } else {
                var text = ""
                for piece in word.pieces {
                    text += piece.expands ? try expand(piece.text, budget: limit - total - text.utf8.count) : piece.text
                }
                total += text.utf8.count
                try check(total, adding: nil)
                result.append(text)
            }
        }
        return result
    }

    /// Expands the references inside one piece of text.
    func expand(_ text: String) throws(REPLError) -> String {
        try expand(text, budget: limit)
    }

    /// Expands the references inside one piece of text, failing before the result would pass
    /// `budget` bytes.
    private func expand(_ text: String, budget: Int) throws(REPLError) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var length = 0
        var characters = Substring(text)
        while let dollar = characters.firstIndex(of: "$") {
            let literal = characters[..<dollar]
            length += literal.utf8.count
            output += literal
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
            let values = try values(of: String(name))
            length += values.reduce(0) { $0 + $1.utf8.count } + max(0, values.count - 1)
            guard length <= budget else { throw tooLong(String(name)) }
            output += values.joined(separator: " ")
            characters = rest
        }
        guard length + characters.utf8.count <= budget else { throw tooLong(nil) }
        return output + characters
    }

    /// Fails when `total` bytes pass the limit; `name` is the reference that took it there.
    private func check(_ total: Int, adding name: String?) throws(REPLError) {
        guard total > limit else { return }
        throw tooLong(name)
    }

    private func tooLong(_ name: String?) -> REPLError {
        REPLError(
            "\(name.map { "expanding $\($0)" } ?? "expanding $NAME") makes the command longer than \(ByteCountText.format(limit)), the most a command may expand to; keep large text in a file"
        )
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
