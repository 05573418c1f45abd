import Foundation

/// Where an operation's status lives: the absolute URL of the `Operation-Location` header.
///
/// Used verbatim, query string included (the official Python sample dropped it, which breaks
/// gateways that sign or route by query).
public struct OperationLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public let url: URL
    /// The wait the 202 that gave this location asked for (`Retry-After`), if any. Not part of
    /// the location's identity or of its encoded form.
    public internal(set) var retryAfter: Duration?

    /// Wraps an absolute `http` or `https` URL; `nil` for anything else.
    public init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else { return nil }
        self.url = url
    }

    /// Parses an absolute `http` or `https` URL.
    public init?(string: String) {
        guard let url = URL(string: string) else { return nil }
        self.init(url)
    }

    /// The operation's id, the last path segment, when it is a GUID.
    public var operationId: OperationID? { OperationID(url.lastPathComponent) }

    public var description: String { url.absoluteString }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.url == rhs.url }

    public func hash(into hasher: inout Hasher) { hasher.combine(url) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let location = OperationLocation(string: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not an absolute http(s) URL")
        }
        self = location
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(url.absoluteString)
    }
}
