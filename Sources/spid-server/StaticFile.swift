import HTTPTypes
import Hummingbird
import NIOCore
import SpeakerRecognitionEmulator

/// A file compiled into the server (the OpenAPI documents, the console), served read-only.
enum StaticFile {
    /// `bytes` with `headers` for a GET or HEAD; a 405 in the service's envelope for any other method.
    static func response(to request: Request, bytes: [UInt8], headers: HTTPFields) -> Response {
        guard request.method == .get || request.method == .head else {
            return EmulatorResponder.response(
                ServiceFailure(
                    status: 405, code: "MethodNotAllowed",
                    message: "The method \(request.method.rawValue) is not allowed here; use GET, HEAD.",
                    headers: [("Allow", "GET, HEAD")]
                ).response)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
