/// How TAB shows candidates: the shared prefix to insert, or the list in columns.
enum CompletionLayout {
    /// The longest prefix shared by every string.
    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first else { return "" }
        for string in strings.dropFirst() {
            while !string.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// Names laid out in columns that fit `width`, as shells list completions.
    static func columns(_ names: [String], width: Int) -> String {
        let cell = (names.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(cell, 1))
        var lines: [String] = []
        var index = 0
        while index < names.count {
            var line = names[index..<min(index + perRow, names.count)].map { $0.padding(toLength: cell, withPad: " ", startingAt: 0) }
                .joined()
            while line.last == " " { line.removeLast() }
            lines.append(line)
            index += perRow
        }
        return lines.joined(separator: "\n")
    }
}
