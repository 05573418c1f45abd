/// What TAB offers for the word under the cursor.
public struct CompletionCandidates: Sendable, Equatable {
    /// One way to finish the word.
    public struct Candidate: Sendable, Equatable {
        /// The whole word once completed.
        public var text: String
        /// How a list shows it (a file's name rather than its path).
        public var display: String
        /// `false` for a folder, so completion can go on inside it.
        public var isComplete: Bool

        public init(_ text: String, display: String? = nil, isComplete: Bool = true) {
            self.text = text
            self.display = display ?? text
            self.isComplete = isComplete
        }
    }

    /// The partial word being completed.
    public var word: String
    public var candidates: [Candidate]

    /// Just the completed words, for tests and plain lists.
    public var texts: [String] { candidates.map(\.text) }
}
