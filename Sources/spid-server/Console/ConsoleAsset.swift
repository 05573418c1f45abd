import HTTPTypes
import Hummingbird
import NIOCore
import SpeakerRecognitionEmulator

/// The API testing console, served at `/console` (wire reference §11.4): a page that builds one
/// form per operation from `/openapi.json`, sends it with the key typed into the page and shows
/// the answer, watching a 202's operation until it ends.
///
/// Plain HTML, CSS and JavaScript in `Resources/console.*`, compiled into the binary
/// (`embedInCode`) like the OpenAPI documents, and served without a key. Every answer carries a
/// strict Content-Security-Policy: the page runs no inline script or style, and shows what the
/// service sends as text only.
enum ConsoleAsset: Sendable {
    case page, script, styleSheet

    /// The asset a request path names, if any.
    init?(path: String) {
        switch path {
        case "/console", "/console/", "/console/index.html": self = .page
        case "/console/console.js": self = .script
        case "/console/console.css": self = .styleSheet
        default: return nil
        }
    }

    /// The asset's bytes.
    var bytes: [UInt8] {
        switch self {
        case .page: PackageResources.console_html
        case .script: PackageResources.console_js
        case .styleSheet: PackageResources.console_css
        }
    }

    /// Its media type.
    var contentType: String {
        switch self {
        case .page: "text/html; charset=utf-8"
        case .script: "text/javascript; charset=utf-8"
        case .styleSheet: "text/css; charset=utf-8"
        }
    }

    /// Scripts and styles from this origin only, no inline code, no plugins, no framing; requests
    /// to any endpoint (the page calls whichever one is typed into it).
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src *; img-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The headers every console answer carries.
    var headers: HTTPFields {
        var fields: HTTPFields = [
            .contentType: contentType,
            .contentSecurityPolicy: Self.contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
            .cacheControl: "no-cache",
        ]
        // Not among HTTPTypes' names; the page sends no referrer, so no URL leaves with it.
        if let referrerPolicy = HTTPField.Name("Referrer-Policy") { fields[referrerPolicy] = "no-referrer" }
        return fields
    }

    /// The asset for a GET or HEAD; a 405 in the service's envelope for any other method.
    func response(to request: Request) -> Response {
        StaticFile.response(to: request, bytes: bytes, headers: headers)
    }
}
