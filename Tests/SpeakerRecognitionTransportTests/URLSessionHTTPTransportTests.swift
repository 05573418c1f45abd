import Foundation
import SpeakerRecognition
import Testing

/// The default transport against a real HTTP server on 127.0.0.1.
@Suite("URLSession transport over loopback", .serialized)
struct URLSessionHTTPTransportTests {
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

    func request(_ server: LoopbackServer, _ method: String, _ path: String, headers: TransportHeaders = [:], body: Data? = nil) -> TransportRequest {
        TransportRequest(method: method, url: URL(string: server.base + path)!, headers: headers, body: body)
    }

    @Test("sends method, query, headers and body; returns status, headers and body")
    func roundTrip() async throws {
        try await withServer { server in
            let transport = URLSessionHTTPTransport()
            let audio = Data("RIFF-bytes".utf8)
            let response = try await transport.send(request(server, "POST", "/echo?shortAudio=true&ids=a,b",
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

    @Test("the whole client works over it")
    func client() async throws {
        try await withServer { server in
            let client = SpeakerRecognitionClient(endpoint: try ServiceEndpoint(server.base), key: try SubscriptionKey("k2"))
            let error = await #expect(throws: SpidError.self) { _ = try await client.operationStatus(id: OperationID.random()) }
            #expect(error?.stage == .operationGone)
            #expect(error?.statusCode == 404)
        }
    }

    @Test("error statuses are responses, not errors")
    func statuses() async throws {
        try await withServer { server in
            let response = try await URLSessionHTTPTransport().send(request(server, "GET", "/status/503"))
            #expect(response.statusCode == 503)
            #expect(String(decoding: response.body, as: UTF8.self).contains("status 503"))
        }
    }

    @Test("two Operation-Location headers reach the client, which refuses them")
    func twoLocations() async throws {
        try await withServer { server in
            let response = try await URLSessionHTTPTransport().send(request(server, "POST", "/two-locations", body: Data("x".utf8)))
            #expect(response.statusCode == 202)
            let values = response.headers.values(for: "Operation-Location")
            #expect(values.count == 2 || values.first?.contains(", http") == true, "\(values)")
        }
    }

    @Test("bodies over the limit fail, declared or streamed", arguments: ["/large/5", "/large/100"])
    func tooLarge(_ path: String) async throws {
        try await withServer { server in
            let transport = URLSessionHTTPTransport(configuration: .init(maximumResponseBytes: 1 << 20))
            let error = await #expect(throws: SpidError.self) { _ = try await transport.send(request(server, "GET", path)) }
            #expect(error?.stage == .transport)
            #expect(error?.message.contains("larger than the limit") == true)
        }
    }

    @Test("a 100 MB body is refused by the default limit")
    func hundredMegabytes() async throws {
        try await withServer { server in
            let error = await #expect(throws: SpidError.self) { _ = try await URLSessionHTTPTransport().send(request(server, "GET", "/large/100")) }
            #expect(error?.stage == .transport)
        }
    }

    @Test("cancelling the task cancels the request mid-flight")
    func cancellation() async throws {
        try await withServer { server in
            let transport = URLSessionHTTPTransport()
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

    @Test("a silent server times out with a timedOut error")
    func timeout() async throws {
        try await withServer { server in
            let transport = URLSessionHTTPTransport(configuration: .init(requestTimeout: .seconds(1), resourceTimeout: .seconds(2)))
            let error = await #expect(throws: SpidError.self) { _ = try await transport.send(request(server, "GET", "/slow")) }
            #expect(error?.stage == .timedOut)
        }
    }

    @Test("redirects are not followed, so the key goes nowhere else")
    func redirect() async throws {
        try await withServer { server in
            let response = try await URLSessionHTTPTransport().send(request(server, "GET", "/redirect", headers: ["Ocp-Apim-Subscription-Key": "k3"]))
            #expect(response.statusCode == 302)
        }
    }

    @Test("a closed port is a transport error")
    func refused() async throws {
        let server = try await LoopbackServer.start()
        let url = URL(string: server.base + "/echo")!
        await server.stop()
        let error = await #expect(throws: SpidError.self) { _ = try await URLSessionHTTPTransport().send(TransportRequest(method: "GET", url: url)) }
        #expect(error?.stage == .transport)
    }
}
