/// A failure with a message for the person at the REPL: what was wrong, and what to do.
public struct HandlerError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
