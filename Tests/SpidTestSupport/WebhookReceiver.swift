import Foundation
import Hummingbird
import Logging
import NIOCore
import SpeakerRecognition

/// An HTTP server on 127.0.0.1 (a port the system picks) that records what webhooks POST.
///
/// `/hook` answers 204; `/flaky/N` answers 503 to its first N requests, then 204; `/reject`
/// answers 400.
public final class WebhookReceiver: Sendable {
    public struct Delivery: Sendable {
        public var path: String
        public var headers: [String: String]
        public var body: String
    }

    public let port: Int
    private let received: Locked<[Delivery]>
    private let task: Task<Void, any Error>

    public var base: String { "http://127.0.0.1:\(port)" }
    public var deliveries: [Delivery] { received.withLock { $0 } }

    public static func start() async throws -> WebhookReceiver {
        let received = Locked<[Delivery]>([])
        let (ports, portFound) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        @Sendable func record(_ request: Request) async throws -> Int {
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }  // lowercase names
            let delivery = Delivery(path: request.uri.path, headers: headers, body: String(buffer: body))
            return received.withLock { deliveries in
                deliveries.append(delivery)
                return deliveries.filter { $0.path == delivery.path }.count
            }
        }
        router.post("/hook") { request, _ -> Response in
            _ = try await record(request)
            return Response(status: .noContent)
        }
        router.post("/flaky/:failures") { request, context -> Response in
            let failures = try context.parameters.require("failures", as: Int.self)
            let count = try await record(request)
            return Response(status: count <= failures ? .serviceUnavailable : .noContent, headers: [.retryAfter: "0"])
        }
        router.post("/reject") { request, _ -> Response in
            _ = try await record(request)
            return Response(status: .badRequest)
        }
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portFound.yield(channel.localAddress?.port ?? 0)
                portFound.finish()
            },
            logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw CancellationError()
        }
        return WebhookReceiver(port: port, received: received, task: task)
    }

    private init(port: Int, received: Locked<[Delivery]>, task: Task<Void, any Error>) {
        self.port = port
        self.received = received
        self.task = task
    }

    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}
