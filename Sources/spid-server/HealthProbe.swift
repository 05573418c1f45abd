import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SpeakerRecognitionEmulator

/// `GET /health` (the process answers) and `GET /ready` (it can take work), outside
/// `/spid/v1.0` and without a key, for load balancers and orchestrators.
enum HealthProbe {
    case health
    case ready

    init?(path: String) {
        switch path {
        case "/health": self = .health
        case "/ready": self = .ready
        default: return nil
        }
    }

    func response(_ emulator: SpeakerRecognitionEmulator) async -> Response {
        let (status, text): (HTTPResponse.Status, String) =
            switch self {
            case .health: (.ok, #"{"status":"ok"}"#)
            case .ready:
                await emulator.isReady
                    ? (.ok, #"{"status":"ready"}"#)
                    : (.serviceUnavailable, #"{"status":"not ready","reason":"the service is starting or stopping"}"#)
            }
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        if status == .serviceUnavailable { fields[.retryAfter] = "1" }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
