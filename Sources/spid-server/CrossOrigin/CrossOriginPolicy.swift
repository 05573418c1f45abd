import Foundation

/// Which web pages may call spid-server from a browser (`--cors-origin`), and the CORS headers
/// that says. The hosted service never answered a preflight; the emulator does so the API's own
/// JavaScript samples work from a page on another origin (wire reference §11.4).
///
/// Keys travel in `Ocp-Apim-Subscription-Key`, never in cookies, so there is no credentials mode:
/// the default allows every origin with `Access-Control-Allow-Origin: *`.
struct CrossOriginPolicy: Sendable, Equatable {
    /// Whose requests get CORS headers.
    enum Origins: Sendable, Equatable {
        /// Every origin (`Access-Control-Allow-Origin: *`): the default.
        case any
        /// Only these origins (lowercased), each echoed back, with `Vary: Origin` on every response.
        case listed(Set<String>)
        /// No CORS at all (`--cors-origin none`): what the hosted service did.
        case off
    }

    /// A `--cors-origin` value that is not an origin, said so the user can fix it.
    struct InvalidOrigin: Error, CustomStringConvertible {
        let description: String
    }

    let origins: Origins

    /// The methods of the 16 endpoints (and the preflight itself).
    static let allowedMethods = "GET, POST, DELETE, OPTIONS"
    /// What a page may send: the key, the body's type and `Accept`.
    static let allowedHeaders = "Ocp-Apim-Subscription-Key, Content-Type, Accept"
    /// What a page may read from a response: the operation URL of a 202 and the waits of a 202, 429 or 503.
    static let exposedHeaders = "Operation-Location, Retry-After"
    /// How long (seconds) a browser may reuse a preflight's answer.
    static let maxAge = "600"

    init(origins: Origins) {
        self.origins = origins
    }

    /// The policy the `--cors-origin` values give: none given is every origin, `none` alone
    /// turns CORS off, `*` is every origin, anything else must be an origin (`scheme://host[:port]`).
    init(arguments: [String]) throws(InvalidOrigin) {
        let values = arguments.map { $0.trimmingCharacters(in: .whitespaces) }
        if values.isEmpty || values == ["*"] {
            origins = .any
            return
        }
        if values.contains(where: { $0.lowercased() == "none" }) {
            guard values.count == 1 else {
                throw InvalidOrigin(description: "--cors-origin none turns CORS off; it cannot be combined with other origins.")
            }
            origins = .off
            return
        }
        if values.contains("*") {
            throw InvalidOrigin(description: "--cors-origin * already allows every origin; do not combine it with others.")
        }
        var listed = Set<String>()
        for value in values { listed.insert(try Self.origin(value)) }
        origins = .listed(listed)
    }

    /// `value` checked and lowercased as an origin, or why it is not one.
    static func origin(_ value: String) throws(InvalidOrigin) -> String {
        // `null` is the origin of a page opened from a file.
        if value.lowercased() == "null" { return "null" }
        let problem =
            "--cors-origin '\(value)' is not an origin: give scheme://host[:port] with no path, query or trailing slash "
            + "(for example http://localhost:3000), * for every origin, or none to turn CORS off."
        guard let parts = URLComponents(string: value), let scheme = parts.scheme, let host = parts.host, !host.isEmpty,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }),
            parts.user == nil, parts.password == nil, parts.path.isEmpty, parts.query == nil, parts.fragment == nil,
            !value.hasSuffix("/"), !value.hasSuffix("?"), !value.hasSuffix("#")
        else { throw InvalidOrigin(description: problem) }
        if let port = parts.port, !(1...65535).contains(port) { throw InvalidOrigin(description: problem) }
        return value.lowercased()
    }

    /// Whether any CORS header is ever sent.
    var isEnabled: Bool { origins != .off }

    /// Whether responses depend on the request's `Origin` (so caches must key on it).
    var variesByOrigin: Bool {
        if case .listed = origins { return true }
        return false
    }

    /// The `Access-Control-Allow-Origin` value for a request from `origin`, or nil when that
    /// origin is not allowed.
    func allowOrigin(for origin: String) -> String? {
        switch origins {
        case .any: return "*"
        case .off: return nil
        case .listed(let allowed):
            let origin = origin.trimmingCharacters(in: .whitespaces)
            return allowed.contains(origin.lowercased()) ? origin : nil
        }
    }
}
