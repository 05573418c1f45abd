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
    /// Wrong keys per client address; `nil` for no limit.
    let failedKeys: FailedKeyLimiter?
    /// How long a request's body may take to arrive.
    let bodyTimeout: Duration
    /// Uploads (bodies over the small limit) read at once.
    let uploads: UploadLimiter
    /// Where requests are counted and timed.
    let metrics: ServerMetrics
    /// The connections open, for the metrics.
    let connections: ConnectionLimiter
    /// `host:port` to use when a request has no Host header.
    let fallbackAuthority: @Sendable () -> String

    func respond(to request: Request, context: Context) async throws -> Response {
        if request.uri.path == "/metrics" {
            return Self.metricsResponse(
                metrics.exposition(unfinishedOperations: await emulator.unfinishedOperationCount, openConnections: connections.count))
        }
        if let probe = HealthProbe(path: request.uri.path) { return await probe.response(emulator) }
        let started = ContinuousClock.now
        let authority = request.head.authority ?? fallbackAuthority()
        guard let url = URL(string: "http://\(authority)\(request.uri.string)") else {
            return Self.response(ServiceFailure.invalidHTTPRequest.response)
        }
        let response = try await answer(request, url: url, context: context)
        metrics.record(
            route: emulator.routeName(method: request.method.rawValue, path: request.uri.path), status: response.status.code,
            duration: started.duration(to: .now))
        return response
    }

    /// The answer to an API request.
    private func answer(_ request: Request, url: URL, context: Context) async throws -> Response {
        var headers = TransportHeaders()
        for field in request.headers { headers.append(name: field.name.rawName, value: field.value) }
        // Who may be heard, and how much they may send, is decided on the headers: a body is
        // read only for a good key and only up to its route's limit. A body left unread is
        // drained by the server, never kept.
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        if let wait = failedKeys?.wait(for: address) {
            return Self.response(ServiceFailure.tooManyFailedKeys(retryAfter: wait).response)
        }
        guard emulator.accepts(key: headers["Ocp-Apim-Subscription-Key"]) else {
            // The emulator's own answer without the body: 404 or 405 for a wrong path, else 401.
            let answer = await emulator.respond(to: TransportRequest(method: request.method.rawValue, url: url, headers: headers))
            if answer.statusCode == 401 { failedKeys?.recordFailure(from: address) }
            return Self.response(answer)
        }
        var body = ByteBuffer()
        let declared = request.headers[.contentLength].flatMap(Int.init)
        // A request without a body (every poll) skips the reading, its timer and its limit.
        if declared.map({ $0 > 0 }) ?? (request.headers[.transferEncoding] != nil) {
            let limit = emulator.bodyLimit(method: request.method.rawValue, path: request.uri.path)
            if let declared, declared > limit { return Self.refusing(limit: limit, context: context) }
            let isUpload = limit > emulator.configuration.maximumRequestBodyBytes
            if isUpload, !uploads.enter() { return Self.closing(ServiceFailure.tooManyUploads(limit: uploads.maximum), context: context) }
            defer { if isUpload { uploads.leave() } }
            switch await Self.collect(request.body, upTo: limit, within: bodyTimeout) {
            case .collected(let buffer): body = buffer
            case .tooLarge: return Self.refusing(limit: limit, context: context)
            case .tooSlow: return Self.closing(ServiceFailure.bodyTimedOut(after: bodyTimeout), context: context)
            case .failed: return Self.closing(ServiceFailure.invalidHTTPRequest, context: context)
            }
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
        let answer = await emulator.respond(
            to: TransportRequest(
                method: request.method.rawValue, url: url, headers: headers,
                body: body.readableBytes > 0 ? Data(body.readableBytesView) : nil))
        return Self.response(answer)
    }

    /// What became of a request's body.
    enum BodyOutcome {
        case collected(ByteBuffer)
        case tooLarge
        case tooSlow
        case failed
    }

    /// The body, read up to `limit` bytes and for at most `timeout`: a client that sends one byte
    /// a second holds a connection no longer than that.
    static func collect(_ body: RequestBody, upTo limit: Int, within timeout: Duration) async -> BodyOutcome {
        await withTaskGroup(of: BodyOutcome.self) { group in
            group.addTask {
                do {
                    return .collected(try await body.collect(upTo: limit))
                } catch is NIOTooManyBytesError {
                    return .tooLarge
                } catch {
                    return .failed
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .tooSlow
            }
            let first = await group.next() ?? .failed
            group.cancelAll()
            return first
        }
    }

    /// 413, and the connection closed after it: the rest of the body is not worth reading.
    static func refusing(limit: Int, context: Context) -> Response {
        closing(ServiceFailure.tooLarge(limit: limit), context: context)
    }

    /// How long the rest of a refused body is read and dropped before the connection closes: a
    /// client still sending gets to read the answer (closing at once would reset its send), and
    /// one that keeps sending is cut off soon (nginx's lingering close).
    static let lingering: TimeAmount = .seconds(2)

    /// `failure`, with `Connection: close`, and the connection closed ``lingering`` later.
    static func closing(_ failure: ServiceFailure, context: Context) -> Response {
        let channel = context.channel
        channel.eventLoop.scheduleTask(in: lingering) { channel.close(promise: nil) }
        var response = response(failure.response)
        response.headers[.connection] = "close"
        return response
    }

    /// Prometheus's text exposition.
    private static func metricsResponse(_ text: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
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
