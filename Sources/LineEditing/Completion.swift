/// The candidates for the word under the cursor.
public struct Completion: Sendable, Equatable {
    /// One possible completion.
    public struct Candidate: Sendable, Equatable {
        /// The whole word once completed.
        public var text: String
        /// What a list of candidates shows (a file's name rather than its path, say).
        public var display: String
        /// `false` for a folder: no space after it, so completion can go on inside.
        public var isComplete: Bool

        public init(_ text: String, display: String? = nil, isComplete: Bool = true) {
            self.text = text
            self.display = display ?? text
            self.isComplete = isComplete
        }
    }

    /// The partial word being completed (its start is what every candidate begins with).
    public var word: String
    public var candidates: [Candidate]

    public init(word: String, candidates: [Candidate]) {
        self.word = word
        self.candidates = candidates
    }

    /// The longest prefix shared by every string.
    public static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first else { return "" }
        for string in strings.dropFirst() {
            while !string.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Names laid out in columns that fit `width`, as shells list completions.
    public static func columns(_ names: [String], width: Int) -> String {
        let cell = (names.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(cell, 1))
        var lines: [String] = []
        var index = 0
        while index < names.count {
            let row = names[index..<min(index + perRow, names.count)]
            lines.append(row.map { $0.padding(toLength: cell, withPad: " ", startingAt: 0) }.joined().trimmingTrailingSpaces())
            index += perRow
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
