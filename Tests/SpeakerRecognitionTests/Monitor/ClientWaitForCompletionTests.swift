import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// `client.waitForCompletion(at:policy:clock:)`: the monitor's rules in one call, on an injected clock.
@Suite(.timeLimit(.minutes(1))) struct ClientWaitForCompletionTests {
    typealias Step = PollScript.Step

    func wait(
        _ steps: [Step], policy: PollingPolicy = MonitorFixture.policy, accepted: TransportHeaders = [:]
    ) async throws -> (Task<ProcessingResult, any Error>, ManualPollingClock, PollScript) {
        let script = PollScript(steps)
        let clock = ManualPollingClock()
        let client = MonitorFixture.client(script, acceptedHeaders: accepted)
        let location = try await client.enroll(TestValues.audio, identificationProfile: TestValues.profile)
        let task = Task { try await client.waitForCompletion(at: location, policy: policy, clock: clock) }
        return (task, clock, script)
    }

    @Test func returnsTheResultHonouringRetryAfterAndRetrying429And503() async throws {
        let (task, clock, script) = try await wait(
            [
                .status("notstarted", headers: ["Retry-After": "3"]), .http(429, headers: ["Retry-After": "7"]), .http(503),
                .status("running"), .status("succeeded", result: MonitorFixture.identified),
            ], accepted: ["Retry-After": "5"])
        let result = try await MonitorFixture.drive(clock, until: task)
        #expect(result.kind == .identification)
        // The 202's 5, the poll's 3, the 429's 7, backoff 2 after the 503, then the interval after one poll (2).
        #expect(clock.sleeps.map(\.seconds) == [5, 3, 7, 2, 2])
        #expect(await script.polls == 5)
    }

    @Test func aFailedOperationThrowsItsMessageWithTheSnapshot() async throws {
        let (task, clock, _) = try await wait([.status("running"), .status("failed")])
        do {
            _ = try await MonitorFixture.drive(clock, until: task)
            Issue.record("a failed operation must throw")
        } catch let error as SpidError {
            #expect(error.stage == .operationFailed)
            #expect(error.message == "IncompleteEnrollment")
            #expect(error.snapshot?.status == .failed)
        }
    }

    @Test func theMaximumWaitEndsWithAResumeTokenAndTheLastSnapshot() async throws {
        var policy = MonitorFixture.policy
        policy.maximumWait = .seconds(5)
        let (task, clock, _) = try await wait([.status("running")], policy: policy)
        do {
            _ = try await MonitorFixture.drive(clock, until: task)
            Issue.record("the wait must time out")
        } catch let error as SpidError {
            #expect(error.stage == .timedOut)
            #expect(error.snapshot?.status == .running)
            #expect(error.resumeToken?.lastStatus == .running)
            #expect(error.message.contains("last status: running"))
        }
    }

    @Test func notFoundIsGoneAndClientErrorsAreNotRetried() async throws {
        let (gone, goneClock, _) = try await wait([.http(404)])
        await #expect(throws: SpidError.self) { try await MonitorFixture.drive(goneClock, until: gone) }
        do { _ = try await gone.value } catch let error as SpidError { #expect(error.stage == .operationGone) }

        let (refused, clock, script) = try await wait([.http(401)])
        await #expect(throws: SpidError.self) { try await MonitorFixture.drive(clock, until: refused) }
        #expect(await script.polls == 1)
    }

    @Test func cancellingTheTaskEndsTheWaitAtOnce() async throws {
        let (task, clock, script) = try await wait([.status("running")])
        #expect(await clock.waitForSleepers(1))
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("a cancelled wait must throw")
        } catch let error as SpidError {
            #expect(error.stage == .cancelled)
        }
        #expect(await script.polls == 0)
    }
}
