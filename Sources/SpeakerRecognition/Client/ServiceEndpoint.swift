import Foundation

/// Where the service lives: the base URL that ends in `/spid/v1.0`.
///
/// Accepts a region shorthand (`westus` → `https://westus.api.cognitive.microsoft.com`), a resource
/// URL (`https://NAME.cognitiveservices.azure.com`), a local server (`http://127.0.0.1:8080`), with or
/// without the `/spid/v1.0` suffix.
public struct ServiceEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The base URL, ending in `/spid/v1.0` without a trailing slash.
    public let baseURL: URL

    /// The path every endpoint of the API sits under.
    public static let apiPath = "/spid/v1.0"

    /// Parses a region name or an absolute `http(s)` URL; throws a ``SpidError`` of stage
    /// `invalidRequest` that says which forms are accepted.
    public init(_ text: String) throws(SpidError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let usage = "use a region such as westus, or a URL such as https://NAME.cognitiveservices.azure.com or http://127.0.0.1:8080"
        if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }), trimmed.first!.isLetter {
            baseURL = URL(string: "https://\(trimmed).api.cognitive.microsoft.com\(Self.apiPath)")!
            return
        }
        guard trimmed.contains("://"), let components = URLComponents(string: trimmed) else {
            throw SpidError(.invalidRequest, "\"\(trimmed)\" is not an endpoint; \(usage)")
        }
        let scheme = components.scheme?.lowercased() ?? ""
        guard scheme == "http" || scheme == "https" else {
            throw SpidError(.invalidRequest, "the endpoint's scheme must be http or https, not \"\(scheme)\"; \(usage)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw SpidError(.invalidRequest, "the endpoint \"\(trimmed)\" has no host; \(usage)")
        }
        guard components.user == nil, components.password == nil else {
            throw SpidError(.invalidRequest, "the endpoint may not carry a user name or password; pass the subscription key separately")
        }
        guard components.query == nil, components.fragment == nil else {
            throw SpidError(.invalidRequest, "the endpoint may not carry a query or fragment; \(usage)")
        }
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        if !path.lowercased().hasSuffix(Self.apiPath) { path += Self.apiPath }
        var rebuilt = components
        rebuilt.scheme = scheme
        rebuilt.path = path
        guard let url = rebuilt.url else { throw SpidError(.invalidRequest, "\"\(trimmed)\" is not a valid URL; \(usage)") }
        baseURL = url
    }

    /// The URL of `path` (which starts with `/`) under the base, with query items in order.
    /// Values are percent-encoded except for commas, which the service's clients sent raw.
    public func url(_ path: String, query: [(name: String, value: String)] = []) -> URL {
        var text = baseURL.absoluteString + path
        if !query.isEmpty {
            text += "?" + query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
        }
        return URL(string: text)!
    }

    /// `true` when `url` has this endpoint's scheme, host and port: the key may be sent there.
    public func isSameOrigin(as url: URL) -> Bool {
        url.scheme?.lowercased() == baseURL.scheme?.lowercased() && url.host?.lowercased() == baseURL.host?.lowercased()
            && Self.port(of: url) == Self.port(of: baseURL)
    }

    private static func port(of url: URL) -> Int? {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
    }

    private static let queryAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~,")
        return set
    }()

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? text
    }

    public var description: String { baseURL.absoluteString }
}
