import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// Records what handlers saw, in order.
actor Recorder {
    private(set) var entries: [String] = []
    func add(_ entry: String) { entries.append(entry) }
}

/// Firing rules, ordering, failures, timeouts, late registration and stream consumers.
@Suite(.timeLimit(.minutes(1))) struct OperationMonitorHandlerTests {
    static let lifecycle: [PollScript.Step] = [
        .status("notstarted"), .status("notstarted"), .status("running"), .status("running"),
        .status("succeeded", result: MonitorFixture.enrolled),
    ]

    func setUp(_ steps: [PollScript.Step] = lifecycle) async throws -> (OperationMonitor, ManualPollingClock, SpeakerRecognitionClient) {
        let clock = ManualPollingClock()
        let client = MonitorFixture.client(PollScript(steps))
        return (OperationMonitor(client: client, policy: MonitorFixture.policy, clock: clock), clock, client)
    }

    func newOperation(_ client: SpeakerRecognitionClient) async throws -> OperationLocation {
        try await client.enroll(TestValues.audio, identificationProfile: TestValues.profile)
    }

    /// Drives the clock until the operation ends and every handler call has been made.
    func finish(_ monitor: OperationMonitor, _ clock: ManualPollingClock, _ location: OperationLocation) async throws {
        _ = try await MonitorFixture.drive(clock, until: Task { try await monitor.waitForCompletion(of: location) })
    }

    func eventually(_ condition: @Sendable () async -> Bool) async -> Bool {
        for _ in 0..<1000 {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return false
    }

    @Test func everyFiringRule() async throws {
        let (monitor, clock, client) = try await setUp()
        let recorder = Recorder()
        await monitor.onChange(trigger: .everyChange) { await recorder.add("change \($0.previous?.description ?? "nil")→\($0.current)") }
        await monitor.onChange(trigger: .statuses([.succeeded])) { await recorder.add("succeeded \($0.current)") }
        await monitor.onChange(trigger: .terminal) { await recorder.add("terminal \($0.current)") }
        await monitor.onChange(trigger: .enrollmentStatus(.enrolled)) { _ in await recorder.add("enrolled") }
        await monitor.onChange(trigger: .statuses([.failed])) { _ in await recorder.add("failed") }
        let location = await monitor.track(try await newOperation(client), kind: .enrollment)
        try await finish(monitor, clock, location)
        #expect(await eventually { await recorder.entries.count == 6 })
        #expect(
            await recorder.entries == [
                "change nil→notstarted", "change notstarted→running", "change running→succeeded", "succeeded succeeded",
                "terminal succeeded", "enrolled",
            ])
    }

    @Test func scopesSelectOperationsAndKinds() async throws {
        let (monitor, clock, client) = try await setUp([.status("succeeded", result: MonitorFixture.identified)])
        let recorder = Recorder()
        let first = try await newOperation(client)
        let second = try await newOperation(client)
        await monitor.onChange(scope: .operation(first)) { _ in await recorder.add("first") }
        await monitor.onChange(scope: .kind(.identification)) { _ in await recorder.add("identification") }
        let removed = await monitor.onChange(scope: .all) { _ in await recorder.add("removed") }
        #expect(await monitor.removeHandler(removed))
        #expect(!(await monitor.removeHandler(removed)))
        await monitor.track(first, kind: .enrollment)
        await monitor.track(second, kind: .identification)
        try await finish(monitor, clock, first)
        try await finish(monitor, clock, second)
        #expect(await eventually { await recorder.entries.count == 2 })
        #expect(await recorder.entries.sorted() == ["first", "identification"])
    }

    @Test func aThrowingHandlerIsReportedAndTheNextStillRuns() async throws {
        let (monitor, clock, client) = try await setUp([.status("succeeded", result: MonitorFixture.enrolled)])
        struct Broken: Error, CustomStringConvertible { var description: String { "the chat is down" } }
        let recorder = Recorder()
        let events = await monitor.events()
        await monitor.onChange(name: "notify") { _ in
            await recorder.add("first")
            throw Broken()
        }
        await monitor.onChange(name: "record") { _ in await recorder.add("second") }
        let location = await monitor.track(try await newOperation(client))
        try await finish(monitor, clock, location)
        #expect(await eventually { await recorder.entries == ["first", "second"] })
        var failures: [String] = []
        for await event in events {
            if case .handlerFailed(_, let handler, let message) = event {
                failures.append("\(handler): \(message)")
                break
            }
        }
        #expect(failures == ["notify: the chat is down"])
    }

    @Test func aHangingHandlerTimesOutWithoutStallingPollingOrOthers() async throws {
        let (monitor, clock, client) = try await setUp()
        let recorder = Recorder()
        let events = await monitor.events()
        await monitor.onChange(name: "stuck", trigger: .statuses([.notStarted]), timeout: .seconds(5)) { _ in
            await recorder.add("stuck began")
            try await Task.sleep(for: .seconds(3600))  // real time: only cancellation ends it
        }
        await monitor.onChange(name: "next", trigger: .statuses([.notStarted])) { _ in await recorder.add("next") }
        let location = await monitor.track(try await newOperation(client))
        let result = try await MonitorFixture.drive(clock, until: Task { try await monitor.waitForCompletion(of: location) })
        #expect(result.kind == .enrollment, "polling went on while the handler hung")
        #expect(await eventually { await recorder.entries == ["stuck began", "next"] })
        var timedOut = false
        for await event in events {
            if case .handlerTimedOut(_, "stuck", let timeout) = event {
                timedOut = timeout == .seconds(5)
                break
            }
        }
        #expect(timedOut)
    }

    @Test func aHandlerAddedAfterTheEndFiresOnceWithTheTerminalChange() async throws {
        let (monitor, clock, client) = try await setUp()
        let location = await monitor.track(try await newOperation(client))
        try await finish(monitor, clock, location)
        let recorder = Recorder()
        await monitor.onChange(trigger: .terminal) { await recorder.add("late \($0.previous?.description ?? "nil")→\($0.current)") }
        await monitor.onChange(trigger: .statuses([.running])) { _ in await recorder.add("never") }
        #expect(await eventually { await recorder.entries.count == 1 })
        try await Task.sleep(for: .milliseconds(20))
        #expect(await recorder.entries == ["late running→succeeded"])
    }

    @Test func handlersSettledWaitsForEveryCallStarted() async throws {
        // The real clock with 5 ms polls: handlers that take a while, and no `eventually`.
        let fast = PollingPolicy(
            initialDelay: .milliseconds(5), interval: .milliseconds(5), backoffMultiplier: 1, jitter: 0, minimumDelay: .milliseconds(1))
        let client = MonitorFixture.client(PollScript(Self.lifecycle))
        let monitor = OperationMonitor(client: client, policy: fast)
        let recorder = Recorder()
        await monitor.handlersSettled()  // nothing started: returns at once
        await monitor.onChange(trigger: .everyChange) { change in
            try await Task.sleep(for: .milliseconds(20))
            await recorder.add("\(change.current)")
        }
        let location = await monitor.track(try await newOperation(client))
        _ = try await monitor.waitForCompletion(of: location)
        await monitor.handlersSettled()
        #expect(await recorder.entries == ["notstarted", "running", "succeeded"])
        await monitor.onChange(trigger: .terminal) { _ in
            try await Task.sleep(for: .milliseconds(20))
            await recorder.add("replayed")
        }
        await monitor.handlersSettled()
        #expect(await recorder.entries.last == "replayed")
    }

    @Test func includeEndedFalseHearsOnlyWhatComes() async throws {
        let (monitor, clock, client) = try await setUp()
        let recorder = Recorder()
        let first = await monitor.track(try await newOperation(client))
        try await finish(monitor, clock, first)
        await monitor.onChange(trigger: .terminal, includeEnded: false) { _ in await recorder.add("ahead") }
        let second = await monitor.track(try await newOperation(client))
        try await finish(monitor, clock, second)
        await monitor.handlersSettled()
        #expect(await recorder.entries == ["ahead"])
    }

    @Test func severalConsumersEachGetEveryChange() async throws {
        let (monitor, clock, client) = try await setUp()
        let operation = try await newOperation(client)
        let everything = await monitor.changes()
        await monitor.track(operation)
        let first = await monitor.changes(for: operation)
        let second = await monitor.changes(for: operation)
        let collect: @Sendable (AsyncStream<StatusChange>) async -> [OperationStatus] = { stream in
            var statuses: [OperationStatus] = []
            for await change in stream { statuses.append(change.current) }
            return statuses
        }
        let a = Task { await collect(first) }
        let b = Task { await collect(second) }
        let all = Task {
            var statuses: [OperationStatus] = []
            for await change in everything {
                statuses.append(change.current)
                if change.current.isTerminal { break }
            }
            return statuses
        }
        try await finish(monitor, clock, operation)
        let expected: [OperationStatus] = [.notStarted, .running, .succeeded]
        #expect(await a.value == expected)
        #expect(await b.value == expected)
        #expect(await all.value == expected)
        let late = await collect(await monitor.changes(for: operation))
        #expect(late == [.succeeded], "a stream opened after the end gets the last change and ends")
    }

    @Test func aFailedOperationThrowsItsMessage() async throws {
        let (monitor, clock, client) = try await setUp([.status("running"), .status("failed")])
        let location = await monitor.track(try await newOperation(client))
        do {
            _ = try await MonitorFixture.drive(clock, until: Task { try await monitor.waitForCompletion(of: location) })
            Issue.record("a failed operation must throw")
        } catch let error as SpidError {
            #expect(error.stage == .operationFailed)
            #expect(error.message == "IncompleteEnrollment")
            #expect(error.snapshot?.status == .failed)
        }
        await #expect(throws: SpidError.self) {
            try await monitor.waitForCompletion(of: TestValues.client(ScriptedTransport()).location(of: TestValues.operation))
        }
    }
}
