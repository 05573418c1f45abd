import AsyncHTTPClient
import Foundation
import SpeakerRecognition
import SpeakerRecognitionAsyncHTTPClient
import Testing

/// What only the AsyncHTTPClient transport has: who owns the client, and the pool's size.
@Suite("AsyncHTTPClient transport", .serialized)
struct AsyncHTTPClientTransportTests {
    @Test("an owned client shuts down once; a second shutdown does nothing")
    func ownedShutdown() async throws {
        let server = try await LoopbackServer.start()
        let transport = AsyncHTTPClientTransport()
        let response = try await transport.send(TransportRequest(method: "GET", url: URL(string: server.base + "/status/204")!))
        #expect(response.statusCode == 204)
        try await transport.shutdown()
        try await transport.shutdown()
        let error = await #expect(throws: SpidError.self) {
            _ = try await transport.send(TransportRequest(method: "GET", url: URL(string: server.base + "/status/200")!))
        }
        #expect(error?.stage == .transport)
        await server.stop()
    }

    @Test("a borrowed client is left running for its owner")
    func borrowedClient() async throws {
        let server = try await LoopbackServer.start()
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(redirectConfiguration: .disallow))
        let transport = AsyncHTTPClientTransport(client: client)
        try await transport.shutdown()
        let response = try await transport.send(TransportRequest(method: "GET", url: URL(string: server.base + "/status/200")!))
        #expect(response.statusCode == 200)
        try await client.shutdown()
        await server.stop()
    }

    @Test("more requests than connections wait for the pool and all complete")
    func poolQueues() async throws {
        let server = try await LoopbackServer.start()
        let transport = AsyncHTTPClientTransport(configuration: .init(maximumConnectionsPerHost: 2))
        let url = URL(string: server.base + "/echo")!
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 { group.addTask { try await transport.send(TransportRequest(method: "GET", url: url)).statusCode } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 40))
        try await transport.shutdown()
        await server.stop()
    }
}
