/// ANSI colours for a terminal, or plain text (piped output, `NO_COLOR`, `set color off`).
public struct TextStyle: Sendable, Hashable {
    public var colors: Bool

    public init(colors: Bool) { self.colors = colors }

    public static let plain = TextStyle(colors: false)

    func paint(_ text: String, _ code: String) -> String { colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func key(_ text: String) -> String { paint(text, "36") }
    func string(_ text: String) -> String { paint(text, "32") }
    func number(_ text: String) -> String { paint(text, "33") }
    func literal(_ text: String) -> String { paint(text, "35") }
    func dim(_ text: String) -> String { paint(text, "2") }
    func bold(_ text: String) -> String { paint(text, "1") }
    func good(_ text: String) -> String { paint(text, "32") }
    func bad(_ text: String) -> String { paint(text, "31") }
    func busy(_ text: String) -> String { paint(text, "33") }

    /// A status word in the colour of its meaning.
    func status(_ text: String) -> String {
        switch text.lowercased() {
        case "succeeded", "enrolled", "accept": good(text)
        case "failed", "gone", "reject": bad(text)
        default: busy(text)
        }
    }
}
