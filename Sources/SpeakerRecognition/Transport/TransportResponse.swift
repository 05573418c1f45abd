import Foundation

/// One HTTP response as a ``Transport`` returns it, body complete.
public struct TransportResponse: Sendable, Hashable {
    public var statusCode: Int
    public var headers: TransportHeaders
    public var body: Data

    public init(statusCode: Int, headers: TransportHeaders = [:], body: Data = Data()) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }
}
