import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// The operation monitor against the real spid-server, with Retry-After, a rate limit and injected
/// faults: every watch ends with the right result and no change is lost or duplicated.
@Suite(.timeLimit(.minutes(5))) struct MonitorOverHTTPTests {
    /// Setup calls retried through injected faults (they happen before the service sees a request).
    func retrying<T>(_ body: () async throws(SpidError) -> T) async throws -> T {
        var lastError: SpidError?
        for _ in 0..<20 {
            do { return try await body() } catch {
                guard OperationMonitor.isRetryable(error) else { throw error }
                lastError = error
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        throw lastError!
    }

    @Test(arguments: TransportKind.allCases)
    func watchesEndRightThroughRetryAfterRateLimitsAndFaults(_ kind: TransportKind) async throws {
        let harness = try await ServerHarness(
            [
                "--processing-delay", "0.3", "--retry-after", "1", "--rate-limit", "240", "--fail-rate", "0.25", "--seed", "11",
                "--log-level", "info",
            ], requestTimeout: .seconds(3), transport: kind)
        let client = harness.client
        let policy = PollingPolicy(
            initialDelay: .milliseconds(50), interval: .milliseconds(100), backoffMultiplier: 1.5, maximumInterval: .seconds(1),
            jitter: 0.1, minimumDelay: .milliseconds(20), maximumRetryAfter: .seconds(2), maximumWait: .seconds(90),
            maximumRetries: 30, retryBackoff: .milliseconds(50))
        let monitor = OperationMonitor(client: client, policy: policy)
        let everything = await monitor.changes()
        let events = await monitor.events()
        let audio = try AudioFixtures.data("awb-test1.wav")
        var locations: [OperationLocation] = []
        for _ in 0..<4 {
            let id = try await retrying { () async throws(SpidError) in try await client.createIdentificationProfile() }
            let location = try await retrying { () async throws(SpidError) in
                try await client.enroll(audio, identificationProfile: id, shortAudio: true)
            }
            #expect(location.retryAfter == .seconds(1), "the 202's Retry-After is kept for the first poll")
            locations.append(await monitor.track(location, kind: .enrollment))
        }
        let collector = Task {
            var seen: [OperationLocation: [StatusChange]] = [:]
            var ended = 0
            for await change in everything {
                seen[change.location, default: []].append(change)
                if change.current.isTerminal { ended += 1 }
                if ended == 4 { break }
            }
            return seen
        }
        for location in locations {
            let result = try await monitor.waitForCompletion(of: location)
            guard case .enrollment(let enrollment) = result else {
                Issue.record("expected an enrollment result, got \(result)")
                continue
            }
            #expect(enrollment.enrollmentStatus == .enrolled)
        }
        let seen = await collector.value
        for location in locations {
            let changes = seen[location] ?? []
            #expect(changes.first?.previous == nil, "the first observation counts as a change")
            #expect(changes.last?.current == .succeeded)
            for (earlier, later) in zip(changes, changes.dropFirst()) {
                #expect(later.previous == earlier.current, "no change lost between \(earlier.current) and \(later.current)")
                #expect(later.current != earlier.current, "no change duplicated")
            }
        }
        await monitor.shutdown()
        var retries = 0
        for await event in events { if case .retrying = event { retries += 1 } }
        // Every 500 or 503 the server injected into a poll must have been retried (a dropped
        // connection may instead be retried inside URLSession, unseen).
        let injected = harness.server.log.split(separator: "\n").filter {
            ($0.contains("fault=internalError") || $0.contains("fault=unavailable")) && $0.contains("/operations/")
        }.count
        #expect(harness.server.log.contains("injected fault"), "the seeded fault sequence injects faults early")
        #expect(retries >= injected, "\(injected) faults were injected into polls, \(retries) retries reported")
    }
}
