import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The floor: for each operation, sleep, GET, decode `status` into a one-field struct, until it
/// ends. No framework, no retries, no handlers; the same connections per host as spid gets.
struct BareLoopWatcher: Watcher {
    let name: String
    let key: String
    let interval: Duration
    let get: @Sendable (String, String) async throws -> Data
    let shutdown: @Sendable () async -> Void

    private struct Status: Decodable { let status: String }

    init(key: String, transport: BenchTransport, interval: Double, connections: Int) {
        name = "bare loop (\(transport.rawValue))"
        self.key = key
        self.interval = .milliseconds(Int64(interval * 1000))
        switch transport {
        case .urlsession:
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = connections
            let session = URLSession(configuration: configuration)
            get = { url, key in
                var request = URLRequest(url: URL(string: url)!)
                request.setValue(key, forHTTPHeaderField: "Ocp-Apim-Subscription-Key")
                return try await session.data(for: request).0
            }
            shutdown = { session.invalidateAndCancel() }
        case .asynchttpclient:
            let client = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                configuration: .init(
                    connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)))
            get = { url, key in
                var request = HTTPClientRequest(url: url)
                request.headers.add(name: "Ocp-Apim-Subscription-Key", value: key)
                let response = try await client.execute(request, timeout: .seconds(60))
                return Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
            }
            shutdown = { try? await client.shutdown() }
        }
    }

    func watch(_ locations: AsyncStream<String>) async throws -> WatchOutcome {
        let decoder = JSONDecoder()
        return await withTaskGroup(of: Int?.self) { group in
            var outcome = WatchOutcome()
            for await url in locations {
                outcome.operations += 1
                group.addTask {
                    var polls = 0
                    while true {
                        try? await Task.sleep(for: interval)
                        polls += 1
                        guard let body = try? await get(url, key), let document = try? decoder.decode(Status.self, from: body) else {
                            return nil
                        }
                        if document.status == "succeeded" || document.status == "failed" { return polls }
                    }
                }
            }
            for await polls in group {
                if let polls { outcome.polls += polls } else { outcome.failures += 1 }
            }
            return outcome
        }
    }

    func close() async { await shutdown() }
}
