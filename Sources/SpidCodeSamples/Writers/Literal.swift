/// String literals for each language's source, so that no id, URL or file name a caller passes
/// can end a literal early or run as code.
enum Literal {
    /// `"…"` with C-family escapes: C#, Java, JavaScript, Python, Swift, and Objective-C after `@`.
    static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// `'…'` for Ruby and PHP, where `\\` and `\'` are the only escapes and nothing is interpolated.
    static func singleQuoted(_ text: String) -> String {
        "'" + cleaned(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// A POSIX shell word: `'…'`, with `'` written as `'\''`.
    static func shell(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && (safeInShell.contains($0)) }
        return plain ? text : "'" + cleaned(text).replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// A word for the REPL's lexer: bare when it has nothing special, else `'…'`, else `"…"` with escapes.
    static func repl(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && safeInShell.contains($0) } && !text.hasPrefix("#")
        if plain { return text }
        let text = cleaned(text)
        if !text.contains("'") { return "'" + text + "'" }
        var result = "\""
        for character in text {
            if character == "\"" || character == "\\" || character == "$" { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }

    private static let safeInShell = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/:=+@%".unicodeScalars)

    /// Control characters out: no sample needs them and a terminal or editor may act on them.
    private static func cleaned(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\u{FFFD}" : $0 }))
    }
}
