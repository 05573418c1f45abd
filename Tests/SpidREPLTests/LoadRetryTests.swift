import Foundation
import SpeakerRecognition
import Testing

@testable import SpidREPL

/// `load ID|URL` follows the monitor's retry rules: 429, 503 and the like are retried after
/// `Retry-After`, up to the policy's maximum; other failures end at once.
@Suite("Command: load retries as watch does", .timeLimit(.minutes(1)))
struct LoadRetryTests {
    static let id = "ef217d0c-9085-45d7-aae0-2b36471b89b5"

    func session(_ service: FlakyTransport) async throws -> SessionHarness {
        try await SessionHarness.make(endpoint: "http://spid.test", key: "k3y-for-tests", transport: { service })
    }

    @Test func waitsOutRateLimitsAndOutagesThenLoads() async throws {
        let service = FlakyTransport([
            FlakyTransport.failure(429, retryAfter: "0"), FlakyTransport.failure(503, retryAfter: "0"), FlakyTransport.succeeded,
        ])
        let repl = try await session(service)
        defer { Task { await repl.shutdown() } }
        let loaded = await repl.succeed("load \(Self.id)")
        #expect(loaded.contains("op1 enrollment succeeded: Enrolled"), "\(loaded)")
        let paths = await service.requests.prefix(3).map { $0.url.path }
        #expect(paths == Array(repeating: "/spid/v1.0/operations/\(Self.id)", count: 3))
    }

    @Test func givesUpAfterThePolicysRetries() async throws {
        let service = FlakyTransport([FlakyTransport.failure(429, retryAfter: "0")])
        let repl = try await session(service)
        defer { Task { await repl.shutdown() } }
        let error = await repl.fail("load \(Self.id)")
        #expect(error.contains("loading the operation (gave up after 6 tries)"), "\(error)")
        #expect(error.contains("429"), "\(error)")
        #expect(await service.requests.count == PollingPolicy().maximumRetries + 1)
    }

    @Test func otherFailuresEndAtOnce() async throws {
        let service = FlakyTransport([FlakyTransport.failure(404)])
        let repl = try await session(service)
        defer { Task { await repl.shutdown() } }
        let error = await repl.fail("load \(Self.id)")
        #expect(error.contains("loading the operation"), "\(error)")
        #expect(await service.requests.count == 1)
    }
}
