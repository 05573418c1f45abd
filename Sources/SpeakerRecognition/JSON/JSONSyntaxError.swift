/// Why a document is not JSON, and where (1-based line and column, 0-based byte offset).
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(reason: String, line: Int, column: Int, offset: Int) {
        self.reason = reason
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "line \(line), column \(column): \(reason)" }
}
