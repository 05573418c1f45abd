import Foundation
import SpeakerRecognition
import SpeakerRecognitionAsyncHTTPClient
import SpidTestSupport
import Testing

/// Both transports against a real HTTP server on 127.0.0.1: the contract every ``Transport`` keeps.
@Suite("Transports over loopback", .serialized)
struct TransportContractTests {
    func withServer(_ body: (LoopbackServer) async throws -> Void) async throws {
        let server = try await LoopbackServer.start()
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func request(
        _ server: LoopbackServer, _ method: String, _ path: String, headers: TransportHeaders = [:], body: Data? = nil
    ) -> TransportRequest {
        TransportRequest(method: method, url: URL(string: server.base + path)!, headers: headers, body: body)
    }

    @Test("sends method, query, headers and body; returns status, headers and body", arguments: TransportKind.allCases)
    func roundTrip(_ kind: TransportKind) async throws {
        try await withServer { server in
            let transport = kind.make()
            let audio = Data("RIFF-bytes".utf8)
            let response = try await transport.send(
                request(
                    server, "POST", "/echo?shortAudio=true&ids=a,b",
                    headers: ["Ocp-Apim-Subscription-Key": "k1", "Content-Type": "application/octet-stream"], body: audio))
            #expect(response.statusCode == 200)
            #expect(response.headers["content-type"] == "application/json")
            let echo = try JSONParser().parse(response.body)
            #expect(echo["method"] == .string("POST"))
            #expect(echo["query"] == .string("shortAudio=true&ids=a,b"))
            #expect(echo["headers"]?["ocp-apim-subscription-key"] == .string("k1"))
            #expect(echo["body"] == .string("RIFF-bytes"))
        }
    }

    @Test("the whole client works over it", arguments: TransportKind.allCases)
    func client(_ kind: TransportKind) async throws {
        try await withServer { server in
            let client = SpeakerRecognitionClient(
                endpoint: try ServiceEndpoint(server.base), key: try SubscriptionKey("k2"), transport: kind.make())
            let error = await #expect(throws: SpidError.self) { _ = try await client.operationStatus(id: OperationID.random()) }
            #expect(error?.stage == .operationGone)
            #expect(error?.statusCode == 404)
        }
    }

    @Test("error statuses are responses, not errors", arguments: TransportKind.allCases)
    func statuses(_ kind: TransportKind) async throws {
        try await withServer { server in
            let response = try await kind.make().send(request(server, "GET", "/status/503"))
            #expect(response.statusCode == 503)
            #expect(String(decoding: response.body, as: UTF8.self).contains("status 503"))
        }
    }

    @Test("two Operation-Location headers reach the client, which refuses them", arguments: TransportKind.allCases)
    func twoLocations(_ kind: TransportKind) async throws {
        try await withServer { server in
            let response = try await kind.make().send(request(server, "POST", "/two-locations", body: Data("x".utf8)))
            #expect(response.statusCode == 202)
            let values = response.headers.values(for: "Operation-Location")
            #expect(values.count == 2 || values.first?.contains(", http") == true, "\(values)")
        }
    }

    @Test("bodies over the limit fail, declared or streamed", arguments: TransportKind.allCases, ["/large/5", "/large/100"])
    func tooLarge(_ kind: TransportKind, _ path: String) async throws {
        try await withServer { server in
            let transport = kind.make(maximumResponseBytes: 1 << 20)
            let error = await #expect(throws: SpidError.self) { _ = try await transport.send(request(server, "GET", path)) }
            #expect(error?.stage == .transport)
            #expect(error?.message.contains("larger than the limit") == true)
        }
    }

    @Test("a 100 MB body is refused by the default limit", arguments: TransportKind.allCases)
    func hundredMegabytes(_ kind: TransportKind) async throws {
        try await withServer { server in
            let error = await #expect(throws: SpidError.self) { _ = try await kind.make().send(request(server, "GET", "/large/100")) }
            #expect(error?.stage == .transport)
        }
    }

    @Test("cancelling the task cancels the request mid-flight", arguments: TransportKind.allCases)
    func cancellation(_ kind: TransportKind) async throws {
        try await withServer { server in
            let transport = kind.make()
            let slow = request(server, "GET", "/slow")
            let task = Task { try await transport.send(slow) }
            var arrivals = server.arrivals.makeAsyncIterator()
            #expect(await arrivals.next() == "/slow")
            task.cancel()
            let result = await task.result
            guard case let .failure(error) = result else {
                Issue.record("the request finished instead of being cancelled")
                return
            }
            #expect(error is CancellationError)
        }
    }

    @Test("a silent server times out with a timedOut error", arguments: TransportKind.allCases)
    func timeout(_ kind: TransportKind) async throws {
        try await withServer { server in
            let transport = kind.make(requestTimeout: .seconds(1), resourceTimeout: .seconds(2))
            let error = await #expect(throws: SpidError.self) { _ = try await transport.send(request(server, "GET", "/slow")) }
            #expect(error?.stage == .timedOut)
        }
    }

    @Test("redirects are not followed, so the key goes nowhere else", arguments: TransportKind.allCases)
    func redirect(_ kind: TransportKind) async throws {
        try await withServer { server in
            let response = try await kind.make().send(request(server, "GET", "/redirect", headers: ["Ocp-Apim-Subscription-Key": "k3"]))
            #expect(response.statusCode == 302)
        }
    }

    @Test("a closed port is a transport error", arguments: TransportKind.allCases)
    func refused(_ kind: TransportKind) async throws {
        let server = try await LoopbackServer.start()
        let url = URL(string: server.base + "/echo")!
        await server.stop()
        let error = await #expect(throws: SpidError.self) { _ = try await kind.make().send(TransportRequest(method: "GET", url: url)) }
        #expect(error?.stage == .transport)
    }
}
