/// Why a request cannot be written as code: what was wrong and what is expected.
public struct SampleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
