import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A small HTTP server on 127.0.0.1 and a port the system picks, for the transport's tests.
///
/// Routes: `/echo` (method, query, headers and body back as JSON), `/status/{code}`,
/// `/two-locations`, `/large/{megabytes}` (streamed), `/slow` (answers after 60 s; reports
/// arrival), `/redirect`.
final class LoopbackServer: Sendable {
    let port: Int
    let arrivals: AsyncStream<String>
    private let task: Task<Void, any Error>

    var base: String { "http://127.0.0.1:\(port)" }

    static func start() async throws -> LoopbackServer {
        let (arrivals, arrived) = AsyncStream.makeStream(of: String.self)
        let (ports, portFound) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        router.on("/echo", method: .get) { request, _ in try Self.echo(request, body: Data()) }
        router.on("/echo", method: .post) { request, _ in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            return try Self.echo(request, body: Data(buffer.readableBytesView))
        }
        router.get("/status/:code") { _, context -> Response in
            let code = try context.parameters.require("code", as: Int.self)
            let body = #"{"error":{"code":"Teapot","message":"status \#(code)"}}"#
            return Response(
                status: .init(code: code), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.post("/two-locations") { _, _ -> Response in
            var headers = HTTPFields()
            headers.append(
                HTTPField(
                    name: HTTPField.Name("Operation-Location")!,
                    value: "http://127.0.0.1/spid/v1.0/operations/ef217d0c-9085-45d7-aae0-2b36471b89b5"))
            headers.append(
                HTTPField(
                    name: HTTPField.Name("Operation-Location")!,
                    value: "http://127.0.0.1/spid/v1.0/operations/111f427c-3791-468f-b709-fcef7660fff9"))
            return Response(status: .accepted, headers: headers)
        }
        router.get("/large/:megabytes") { _, context -> Response in
            let megabytes = try context.parameters.require("megabytes", as: Int.self)
            let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 1 << 20)
            let declared = context.parameters.get("megabytes") == "100" ? nil : megabytes << 20
            return Response(
                status: .ok,
                body: ResponseBody(contentLength: declared) { writer in
                    for _ in 0..<megabytes { try await writer.write(chunk) }
                    try await writer.finish(nil)
                })
        }
        router.get("/slow") { request, _ -> Response in
            arrived.yield(request.uri.path)
            try await Task.sleep(for: .seconds(60))
            return Response(status: .ok)
        }
        router.get("/redirect") { _, _ -> Response in
            Response(status: .found, headers: [.location: "http://127.0.0.1:1/stolen"])
        }
        var logger = Logger(label: "loopback-server")
        logger.logLevel = .critical  // shutdown by cancellation logs errors that are expected here
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portFound.yield(channel.localAddress?.port ?? 0)
                portFound.finish()
            },
            logger: logger
        )
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        return LoopbackServer(port: port, arrivals: arrivals, task: task)
    }

    private init(port: Int, arrivals: AsyncStream<String>, task: Task<Void, any Error>) {
        self.port = port
        self.arrivals = arrivals
        self.task = task
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    private static func echo(_ request: Request, body: Data) throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        let object: [String: Any] = [
            "method": request.method.rawValue, "path": request.uri.path, "query": request.uri.query ?? "",
            "headers": headers, "body": String(decoding: body, as: UTF8.self),
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
