import Foundation

/// What never reaches history in clear: the key of `connect … key KEY`, and module options whose
/// names say they hold a secret, wherever they sit in a line.
///
/// Masking reads the line with the ``Lexer``, as the command will, so spacing, tabs, `;`,
/// quotes, escapes and comments cannot move a key past it: each secret word's exact range in the
/// line (quotes included) becomes `****`. A line the lexer refuses is masked conservatively:
/// everything after the first word that looks like it names a secret.
enum SecretMasking {
    /// What a secret becomes.
    static let mask = "****"

    /// The line with those secrets replaced by `****`.
    static func maskingSecrets(in line: String) -> String {
        let characters = Array(line)
        let scanned: (statements: [Statement], commentStart: Int?)
        do {
            scanned = try Lexer.scan(line)
        } catch {
            return maskingConservatively(characters, from: 0)
        }
        var ranges = scanned.statements.flatMap { secretRanges(in: $0.words[...], of: characters) }
        if let comment = scanned.commentStart, let secret = secretWordEnd(in: characters, from: comment) {
            ranges.append(skippingSpaces(in: characters, from: secret)..<characters.count)  // a key pasted into a comment
        }
        return replacing(ranges, in: characters)
    }

    /// The ranges in the line of the secret words of one statement.
    static func secretRanges(in words: ArraySlice<Word>, of characters: [Character]) -> [Range<Int>] {
        var words = words
        if words.count >= 2, !words[words.startIndex].quoted, words[words.startIndex + 1].isBare("=") {
            words = words.dropFirst(2)  // `NAME = COMMAND`
        }
        guard let first = words.first, let command = CommandCatalog.commandType(named: first.literal.lowercased()) else {
            return []
        }
        let arguments = words.dropFirst()
        switch command {
        case is ConnectCommand.Type:
            // `connect URL key KEY`: the command takes the word after `key` as the key. Every word
            // after the endpoint that is not `key` or a flag is masked, so a misspelt line
            // (`connect URLkey KEY`, an extra word) keeps its key out of history too.
            return arguments.dropFirst().filter { !$0.isBare("key") && !ConnectCommand.spec.allFlags.contains($0.literal) }.map(\.range)
        case is ModuleCommand.Type:
            return moduleSecretRanges(in: arguments, of: characters)
        case is OnCommand.Type:
            guard let action = arguments.firstIndex(where: { $0.isBare("do") }) else { return [] }
            return nestedSecretRanges(in: arguments[(action + 1)...], of: characters)
        default:
            return []
        }
    }

    /// `KEY=VALUE` options whose key names a secret: the value's range; an unquoted value with
    /// spaces went on in the words after it (which the module host refuses), so those go too.
    private static func moduleSecretRanges(in words: ArraySlice<Word>, of characters: [Character]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var inSecret = false
        for word in words {
            let literal = word.literal
            if let equals = literal.firstIndex(of: "="), equals != literal.startIndex {
                inSecret = isSecretOption(String(literal[..<equals]))
                if inSecret {
                    let sign = characters[word.range].firstIndex(of: "=") ?? word.start - 1
                    ranges.append((sign + 1)..<word.end)
                }
            } else if inSecret {
                ranges.append(word.range)
            }
        }
        return ranges
    }

    /// A handler's `do COMMAND`: its words are masked as a statement of their own. A single
    /// quoted word (`do 'connect URL key KEY; ops'`) is read again; when its text maps to the
    /// line one to one the secrets inside are masked in place, else the whole word is.
    private static func nestedSecretRanges(in words: ArraySlice<Word>, of characters: [Character]) -> [Range<Int>] {
        guard words.count == 1, let word = words.first, word.quoted else {
            return secretRanges(in: words, of: characters)
        }
        let inner = Array(word.literal)
        let inside: [Range<Int>]
        do {
            inside = try Lexer.statements(in: word.literal).flatMap { secretRanges(in: $0.words[...], of: inner) }
        } catch {
            return secretWordEnd(in: inner, from: 0) == nil ? [] : [word.range]
        }
        guard !inside.isEmpty else { return [] }
        let source = characters[word.range]
        let quote = source.first
        guard source.count == inner.count + 2, quote == "'" || quote == "\"", Array(source.dropFirst().dropLast()) == inner else {
            return [word.range]
        }
        return inside.map { ($0.lowerBound + word.start + 1)..<($0.upperBound + word.start + 1) }
    }

    /// For a line the lexer refuses: everything after the first word that names a secret (`key`,
    /// `token=`, …), or the line as it is when none does.
    private static func maskingConservatively(_ characters: [Character], from start: Int) -> String {
        guard let end = secretWordEnd(in: characters, from: start) else { return String(characters) }
        return replacing([skippingSpaces(in: characters, from: end)..<characters.count], in: characters)
    }

    /// The first position at or after `start` that is not a space or a tab.
    private static func skippingSpaces(in characters: [Character], from start: Int) -> Int {
        characters[start...].firstIndex { $0 != " " && $0 != "\t" } ?? characters.count
    }

    /// Where the first word naming a secret ends, after `start`; `nil` when there is none.
    private static func secretWordEnd(in characters: [Character], from start: Int) -> Int? {
        let lowered = String(characters[start...]).lowercased()
        guard lowered.count == characters.count - start else { return start }  // lowercasing changed the length: mask it all
        let names = ["key", "token", "secret", "password", "auth", "header"]
        let found = names.compactMap { lowered.range(of: $0) }.min { $0.lowerBound < $1.lowerBound }
        guard let found else { return nil }
        return start + lowered.distance(from: lowered.startIndex, to: found.upperBound)
    }

    /// `characters` with each range (merged where they overlap) replaced by `****`.
    private static func replacing(_ ranges: [Range<Int>], in characters: [Character]) -> String {
        var output = ""
        var position = 0
        for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            guard range.upperBound > position else { continue }
            if range.lowerBound >= position {
                output += String(characters[position..<range.lowerBound])
                output += mask
            }
            position = range.upperBound
        }
        return output + String(characters[position...])
    }

    /// Option keys whose values are secrets: never echoed, kept in history as `****`.
    static func isSecretOption(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["key", "token", "secret", "password", "auth", "header"].contains { lowered.contains($0) }
    }

    /// `KEY=VALUE`, or `KEY=****` for a secret.
    static func maskedOption(_ key: String, _ value: String) -> String {
        "\(key)=\(isSecretOption(key) ? "****" : value)"
    }
}
