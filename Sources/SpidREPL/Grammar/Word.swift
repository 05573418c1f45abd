/// One word of a statement as typed: its pieces after quote removal, before `$NAME` expansion.
public struct Word: Sendable, Hashable {
    /// A run of characters that is (or, inside single quotes or after `\`, is not) expanded.
    public struct Piece: Sendable, Hashable {
        public var text: String
        public var expands: Bool
    }

    public var pieces: [Piece] = []
    /// True when any part of the word was quoted or escaped: it is then always one word.
    public var quoted = false
    /// Where the word starts in the line, in characters.
    public var start: Int
    /// Where the word ends in the line (one past its last character, closing quote included).
    public var end: Int

    /// A word that starts at `start` in its line; the lexer moves ``end`` as it reads.
    public init(start: Int) {
        self.start = start
        end = start
    }

    /// The word's range in its line, in characters: what masking replaces.
    public var range: Range<Int> { start..<end }

    /// The text with quotes removed and nothing expanded.
    public var literal: String { pieces.map(\.text).joined() }

    /// True for an unquoted word exactly equal to `text` (so `"="` is not the binding sign).
    public func isBare(_ text: String) -> Bool { !quoted && literal == text }
}

/// The words of one statement (statements are separated by `;` or lines) and its source text.
public struct Statement: Sendable, Hashable {
    public var words: [Word]
    /// The statement's text as typed, for messages and `on … do`.
    public var source: String
    /// Where each word starts in ``source``, in characters.
    var offsets: [Int]

    /// The text from word `index` on, as typed (what `on … do` keeps to run later).
    public func text(from index: Int) -> String {
        guard index < words.count else { return "" }
        return String(source.dropFirst(offsets[index]))
    }
}
