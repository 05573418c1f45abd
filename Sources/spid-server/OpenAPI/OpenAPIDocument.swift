import HTTPTypes
import Hummingbird
import NIOCore
import SpeakerRecognitionEmulator

/// The OpenAPI 3.1 description of the 16 endpoints, served at `/openapi.yaml` and `/openapi.json`
/// (outside `/spid/v1.0`, with no key) so tools can read what the emulator speaks.
///
/// `Resources/openapi.yaml` is the source; `Resources/openapi.json` is generated from it by
/// `scripts/test-openapi --update` (which also checks the two agree). Both are compiled into the
/// binary (`embedInCode`), so a copied `spid-server` needs no resource folder beside it.
enum OpenAPIDocument: Sendable {
    case yaml, json

    /// The document a request path names, if any.
    init?(path: String) {
        switch path {
        case "/openapi.yaml": self = .yaml
        case "/openapi.json": self = .json
        default: return nil
        }
    }

    /// The document's bytes.
    var bytes: [UInt8] {
        switch self {
        case .yaml: PackageResources.openapi_yaml
        case .json: PackageResources.openapi_json
        }
    }

    /// Its media type (`application/yaml` is RFC 9512's).
    var contentType: String {
        switch self {
        case .yaml: "application/yaml; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        }
    }

    /// The document for a GET or HEAD; a 405 in the service's envelope for any other method.
    func response(to request: Request) -> Response {
        StaticFile.response(to: request, bytes: bytes, headers: [.contentType: contentType])
    }
}
