import Foundation
import SpidTestSupport
import Testing

@testable import SpeakerRecognition

/// Every rule of the polling policy, on an injected clock: no test waits in real time.
// The limit guards against hangs: 10,000 watches at once take over a minute beside every other suite on 2 cores.
@Suite(.timeLimit(.minutes(5))) struct OperationMonitorPolicyTests {
    typealias Step = PollScript.Step

    func start(
        _ steps: [Step], policy: PollingPolicy = MonitorFixture.policy, accepted: TransportHeaders = [:]
    ) async throws -> (OperationMonitor, ManualPollingClock, OperationLocation, PollScript) {
        let script = PollScript(steps)
        let clock = ManualPollingClock()
        let client = MonitorFixture.client(script, acceptedHeaders: accepted)
        let monitor = OperationMonitor(client: client, policy: policy, clock: clock)
        let location = try await client.enroll(TestValues.audio, identificationProfile: TestValues.profile)
        await monitor.track(location, kind: .enrollment)
        return (monitor, clock, location, script)
    }

    func waitTask(_ monitor: OperationMonitor, _ location: OperationLocation) -> Task<ProcessingResult, any Error> {
        Task { try await monitor.waitForCompletion(of: location) }
    }

    @Test func retryAfterIsHonouredOnThe202AndOnEveryPollInEveryForm() async throws {
        // The HTTP-date is read against the monitor's clock, which stands still until advanced:
        // the three waits before it total 8.25 s, so a date 18 s after the start means 9.75 s.
        let date = ManualPollingClock().now().addingTimeInterval(18)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE',' dd MMM yyyy HH':'mm':'ss 'GMT'"
        let (monitor, clock, location, _) = try await start(
            [
                .status("notstarted", headers: ["Retry-After": "3"]),
                .status("running", headers: ["retry-after-ms": "250"]),
                .status("running", headers: ["Retry-After": formatter.string(from: date)]),
                .status("running", headers: ["Retry-After": "100000"]),
                .status("running", headers: ["Retry-After": "0"]),
                .status("running", headers: ["Retry-After": "soon"]),
                .status("succeeded", result: MonitorFixture.enrolled),
            ], accepted: ["Retry-After": "5"])
        let result = try await MonitorFixture.drive(clock, until: waitTask(monitor, location))
        #expect(result.kind == .enrollment)
        let sleeps = clock.sleeps.map(\.seconds)
        #expect(sleeps.count == 7)
        #expect(sleeps[0] == 5, "the 202's Retry-After")
        #expect(sleeps[1] == 3)
        #expect(sleeps[2] == 0.25, "retry-after-ms")
        #expect(sleeps[3] == 9.75, "an HTTP-date 9.75 s ahead")
        #expect(sleeps[4] == 60, "clamped to the maximum")
        #expect(sleeps[5] == 0.1, "Retry-After: 0 must not spin")
        #expect(sleeps[6] == 4, "an unreadable value falls back to the backoff interval")
    }

    @Test func withoutRetryAfterTheIntervalBacksOff() async throws {
        let (monitor, clock, location, _) = try await start(
            [
                .status("running"), .status("running"), .status("running"), .status("running"),
                .status("succeeded", result: MonitorFixture.enrolled),
            ])
        _ = try await MonitorFixture.drive(clock, until: waitTask(monitor, location))
        #expect(clock.sleeps.map(\.seconds) == [1, 1, 2, 4, 4])
    }

    @Test func jitterStaysWithinItsBounds() {
        var policy = MonitorFixture.policy
        policy.jitter = 0.2
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let value = policy.jittered(.seconds(10), using: &random).seconds
            #expect((8...12).contains(value))
        }
    }

    @Test func rateLimitsServerErrorsAndTransportErrorsAreRetriedWithBackoff() async throws {
        var policy = MonitorFixture.policy
        policy.maximumRetries = 5
        let (monitor, clock, location, script) = try await start(
            [
                .http(429, headers: ["Retry-After": "7"]), .http(503), .transportError, .http(500),
                .status("succeeded", result: MonitorFixture.enrolled),
            ], policy: policy)
        let events = await monitor.events()
        _ = try await MonitorFixture.drive(clock, until: waitTask(monitor, location))
        #expect(clock.sleeps.map(\.seconds) == [1, 7, 2, 4, 4])
        #expect(await script.polls == 5)
        await monitor.shutdown()
        var retries = 0
        for await event in events { if case .retrying = event { retries += 1 } }
        #expect(retries == 4)
    }

    @Test func retriesEndAtTheLimitWithTheLastError() async throws {
        let (monitor, clock, location, script) = try await start([.http(500)])
        do {
            _ = try await MonitorFixture.drive(clock, until: waitTask(monitor, location))
            Issue.record("the watch should have failed")
        } catch let error as SpidError {
            #expect(error.stage == .httpStatus)
            #expect(error.statusCode == 500)
        }
        #expect(await script.polls == 4, "one try and three retries")
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let (monitor, clock, location, script) = try await start([.http(401)])
        await #expect(throws: SpidError.self) { try await MonitorFixture.drive(clock, until: waitTask(monitor, location)) }
        #expect(await script.polls == 1)
    }

    @Test func notFoundEndsTheWatchAsGone() async throws {
        let (monitor, clock, location, _) = try await start([.status("running"), .http(404)])
        do {
            _ = try await MonitorFixture.drive(clock, until: waitTask(monitor, location))
            Issue.record("the watch should have ended as gone")
        } catch let error as SpidError {
            #expect(error.stage == .operationGone)
        }
    }

    @Test func anUnknownStatusIsReportedAndPolledUntilTheMaximumWait() async throws {
        var policy = MonitorFixture.policy
        policy.maximumWait = .seconds(10)
        let (monitor, clock, location, _) = try await start([.status("paused")], policy: policy)
        let events = await monitor.events()
        do {
            _ = try await MonitorFixture.drive(clock, until: waitTask(monitor, location))
            Issue.record("the watch should have timed out")
        } catch let error as SpidError {
            #expect(error.stage == .timedOut)
            #expect(error.snapshot?.status == .unknown("paused"))
            let token = try #require(error.resumeToken)
            #expect(token.location == location)
            #expect(token.lastStatus == .unknown("paused"))
            #expect(ResumeToken(token.description) == token)
        }
        #expect(clock.sleeps.map(\.seconds).reduce(0, +) == 10, "the last sleep is cut to the deadline")
        await monitor.shutdown()
        var unknown = 0
        for await event in events { if case .unknownStatus(_, "paused") = event { unknown += 1 } }
        #expect(unknown == 1, "reported once, not on every poll")
    }

    @Test func cancellingMidSleepEndsAtOnce() async throws {
        let (monitor, clock, location, script) = try await start([.status("running")])
        let waiting = waitTask(monitor, location)
        #expect(await clock.waitForSleepers(1))
        await monitor.untrack(location)
        do {
            _ = try await waiting.value
            Issue.record("the wait should end with cancelled")
        } catch let error as SpidError {
            #expect(error.stage == .cancelled)
            #expect(error.message.contains("the operation itself goes on"))
        }
        #expect(await script.polls == 0)
        #expect(clock.sleeperCount == 0, "the sleep was cancelled")
    }

    @Test func aWatchTrackedAgainIsNotEndedByTheUntrackedOnesLoop() async throws {
        let (monitor, clock, location, _) = try await start([.status("succeeded", result: MonitorFixture.enrolled)])
        #expect(await clock.waitForSleepers(1))
        await monitor.untrack(location)
        await monitor.track(location, kind: .enrollment)
        // The first loop ends on its cancellation after the second watch began: its report must not end it.
        for _ in 0..<200 where clock.sleeperCount != 1 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await monitor.liveWatchCount == 1)
        let result = try await MonitorFixture.drive(clock, until: waitTask(monitor, location))
        #expect(result.kind == .enrollment)
    }

    @Test func cancellingMidRequestCancelsTheRequest() async throws {
        let (monitor, clock, location, script) = try await start([.hang])
        let waiting = waitTask(monitor, location)
        #expect(await clock.waitForSleepers(1))
        clock.advance(by: .seconds(1))
        for _ in 0..<500 where await script.polls == 0 { try await Task.sleep(for: .milliseconds(2)) }
        await monitor.untrack(location)
        await #expect(throws: SpidError.self) { try await waiting.value }
        for _ in 0..<500 where await script.cancelledRequests == 0 { try await Task.sleep(for: .milliseconds(2)) }
        #expect(await script.cancelledRequests == 1)
    }

    @Test func resumeTokensCarryNoKeyAndContinueWhereTheyLeftOff() async throws {
        let script = PollScript([.status("running"), .status("succeeded", result: MonitorFixture.identified)])
        let clock = ManualPollingClock()
        let monitor = OperationMonitor(client: MonitorFixture.client(script), policy: MonitorFixture.policy, clock: clock)
        let location = TestValues.client(ScriptedTransport()).location(of: TestValues.operation)
        let token = ResumeToken(location: location, kind: .identification, lastStatus: .running)
        #expect(!token.description.contains(TestValues.key.secret))
        #expect(ResumeToken("not a token") == nil)
        await monitor.resume(token)
        let changes = await monitor.changes(for: location)
        _ = try await MonitorFixture.drive(clock, until: Task { try await monitor.waitForCompletion(of: location) })
        var seen: [StatusChange] = []
        for await change in changes { seen.append(change) }
        #expect(seen.map(\.current) == [.succeeded], "running was seen before the resume and is not reported again")
        #expect(seen.first?.previous == .running)
    }

    @Test func requestsInFlightAreBounded() async throws {
        let script = PollScript([.status("succeeded", result: MonitorFixture.enrolled)])
        let clock = ManualPollingClock()
        let client = MonitorFixture.client(script, delay: .milliseconds(20))
        let monitor = OperationMonitor(client: client, policy: MonitorFixture.policy, clock: clock, maximumConcurrentRequests: 2)
        var locations: [OperationLocation] = []
        for _ in 0..<8 {
            let location = try await client.enroll(TestValues.audio, identificationProfile: TestValues.profile)
            locations.append(await monitor.track(location))
        }
        #expect(await clock.waitForSleepers(8))
        clock.advance(by: .seconds(1))
        for location in locations { _ = try await monitor.waitForCompletion(of: location) }
        #expect(await script.mostInFlight <= 2)
        #expect(await script.polls == 8)
    }

    @Test func tenThousandWatchesAtOnceWithBoundedRequests() async throws {
        let script = PollScript([.status("succeeded", result: MonitorFixture.identified)])
        let clock = ManualPollingClock()
        let client = MonitorFixture.client(script)
        let monitor = OperationMonitor(client: client, policy: MonitorFixture.policy, clock: clock, maximumConcurrentRequests: 16)
        let locations = (0..<10_000).map { _ in client.location(of: .random()) }
        for location in locations { await monitor.track(location, kind: .identification) }
        #expect(await clock.waitForSleepers(10_000, timeout: 60))
        clock.advance(by: .seconds(1))
        for location in locations {
            guard case .identification = try await monitor.waitForCompletion(of: location) else {
                Issue.record("expected an identification result")
                break
            }
        }
        #expect(await script.polls == 10_000)
        #expect(await script.mostInFlight <= 16)
        // Ended watches are records: no task, stream or waiter each, yet all still answer.
        #expect(await monitor.liveWatchCount == 0)
        #expect(await monitor.trackedOperations.count == 10_000)
        #expect(await monitor.snapshot(of: locations[0])?.status == .succeeded)
        var replay = await monitor.changes(for: locations[1]).makeAsyncIterator()
        #expect(await replay.next()?.current == .succeeded)
        #expect(await replay.next() == nil)
    }
}
