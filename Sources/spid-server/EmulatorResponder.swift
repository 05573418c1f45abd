import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SpeakerRecognition
import SpeakerRecognitionEmulator

/// Hands every HTTP request to the emulator and writes its answer back.
struct EmulatorResponder: HTTPResponder {
    typealias Context = ServerRequestContext

    let emulator: SpeakerRecognitionEmulator
    let faults: FaultInjector
    /// `host:port` to use when a request has no Host header.
    let fallbackAuthority: @Sendable () -> String

    func respond(to request: Request, context: Context) async throws -> Response {
        // The body is read first, even for an injected fault: a body left unread would be parsed
        // as the next request on a kept-alive connection.
        let limit = emulator.configuration.maximumUploadBytes
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch {
            return Self.response(ServiceFailure.tooLarge(limit: limit).response)
        }
        if let fault = faults.next() {
            context.logger.info("injected fault", metadata: ["fault": "\(fault)", "path": "\(request.uri.path)"])
            switch fault {
            case .internalError:
                return Self.response(
                    ServiceFailure(status: 500, code: "InternalServerError", message: "Injected fault (--fail-rate): try again.")
                        .response)
            case .unavailable:
                return Self.response(
                    ServiceFailure(
                        status: 503, code: "ServiceUnavailable", message: "Injected fault (--fail-rate): try again shortly.",
                        headers: [("Retry-After", "1")]
                    ).response)
            case .dropConnection:
                context.channel.close(promise: nil)
                throw CancellationError()
            }
        }
        let authority = request.head.authority ?? fallbackAuthority()
        guard let url = URL(string: "http://\(authority)\(request.uri.string)") else {
            return Self.response(ServiceFailure.invalidHTTPRequest.response)
        }
        var headers = TransportHeaders()
        for field in request.headers { headers.append(name: field.name.rawName, value: field.value) }
        let answer = await emulator.respond(
            to: TransportRequest(
                method: request.method.rawValue, url: url, headers: headers,
                body: body.readableBytes > 0 ? Data(body.readableBytesView) : nil))
        return Self.response(answer)
    }

    /// An emulator answer as a Hummingbird response.
    static func response(_ answer: TransportResponse) -> Response {
        var fields = HTTPFields()
        for field in answer.headers {
            if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.statusCode), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
