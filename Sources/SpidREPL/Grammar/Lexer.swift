import Foundation

/// Splits a line into statements and words: white space separates words, `;` statements, `#`
/// at the start of a word begins a comment. `"…"` keeps spaces and expands `$NAME` (`\"`, `\\`
/// and `\$` escape); `'…'` keeps everything literally; `\` outside quotes escapes one character.
public enum Lexer {
    /// Lines longer than this are refused rather than parsed (a pasted file, binary garbage).
    public static let maximumLineLength = 64 * 1024

    /// The statements of `line`, each word with where it starts and ends in the line.
    public static func statements(in line: String) throws(REPLError) -> [Statement] {
        try scan(line).statements
    }

    /// The statements of `line`, and where a comment starts (in characters), if the line has one.
    ///
    /// Secret masking reads both: it replaces words by their exact ranges, and looks into the
    /// comment, which no command reads, only to keep a key pasted there out of history.
    static func scan(_ line: String) throws(REPLError) -> (statements: [Statement], commentStart: Int?) {
        guard line.utf8.count <= maximumLineLength else {
            throw REPLError(
                "the line is \(line.utf8.count) bytes long; a line may hold at most \(maximumLineLength) (put long input in a file)")
        }
        if line.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\r") || $0.value == 0x7F || $0 == "\u{FFFD}" }) {
            throw REPLError("the line holds control characters or invalid UTF-8 (binary input?); type commands as text")
        }
        let characters = Array(line)
        var statements: [Statement] = []
        var words: [Word] = []
        var statementStart = 0
        var current: Word?
        var index = 0

        func append(_ character: Character, expands: Bool) {
            if let last = current!.pieces.last, last.expands == expands {
                current!.pieces[current!.pieces.count - 1].text.append(character)
            } else {
                current!.pieces.append(Word.Piece(text: String(character), expands: expands))
            }
        }
        func begin(at position: Int) {
            if current == nil { current = Word(start: position) }
        }
        func finishWord() {
            if let word = current { words.append(word) }
            current = nil
        }
        func finishStatement(at position: Int) {
            finishWord()
            if !words.isEmpty {
                let raw = String(characters[statementStart..<position])
                let leading = raw.prefix { $0 == " " || $0 == "\t" }.count
                let source = String(raw.dropFirst(leading)).trimmingCharacters(in: .whitespaces)
                let offsets = words.map { $0.start - statementStart - leading }
                statements.append(Statement(words: words, source: source, offsets: offsets))
            }
            words = []
            statementStart = position + 1
        }

        while index < characters.count {
            let character = characters[index]
            switch character {
            case " ", "\t", "\r":
                finishWord()
            case ";":
                finishStatement(at: index)
            case "#" where current == nil:
                finishStatement(at: index)
                return (statements, index)
            case "\\":
                guard index + 1 < characters.count else { throw REPLError("the line ends with a lone \\; write \\\\ for a backslash") }
                begin(at: index)
                current!.quoted = true
                index += 1
                append(characters[index], expands: false)
                current!.end = index + 1
            case "'", "\"":
                let open = index
                begin(at: index)
                current!.quoted = true
                index += 1
                var closed = false
                while index < characters.count {
                    let inner = characters[index]
                    if inner == character {
                        closed = true
                        break
                    }
                    if character == "\"", inner == "\\", index + 1 < characters.count, "\"\\$".contains(characters[index + 1]) {
                        index += 1
                        append(characters[index], expands: false)
                    } else {
                        append(inner, expands: character == "\"")
                    }
                    index += 1
                }
                guard closed else {
                    let name = character == "\"" ? "double" : "single"
                    throw REPLError("the \(name) quote at column \(open + 1) is not closed; end the text with \(character)")
                }
                current!.end = index + 1
            default:
                begin(at: index)
                append(character, expands: true)
                current!.end = index + 1
            }
            index += 1
        }
        finishStatement(at: characters.count)
        return (statements, nil)
    }
}
