import Foundation

/// One HTTP request as the client hands it to a ``Transport``.
public struct TransportRequest: Sendable, Hashable {
    public var method: String
    /// The absolute URL, query included.
    public var url: URL
    public var headers: TransportHeaders
    public var body: Data?

    public init(method: String, url: URL, headers: TransportHeaders = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
