import Foundation
import SpeakerRecognition
import SpidModules
import SpidTestSupport
import Testing

/// A module that crashes, aborts, overflows its stack or hangs is contained: the call fails with
/// a clear error, the instance is disabled or marked stuck, and other modules go on.
@Suite struct ModuleContainmentTests {
    @Test func aCrashInConfigureFailsTheLoadAndKeepsNothing() async throws {
        let host = ModuleHost()
        let path = try ModuleFixtures.fixture("crash_in_configure").path
        await #expect(throws: ModuleError.crashed(module: "crash-configure", call: "configure level", signal: SIGSEGV)) {
            try await host.load(path, options: [("level", "1")])
        }
        #expect(await host.modules.isEmpty)
        // Loaded without options it starts; configuring it later crashes and disables it.
        try await host.load(path)
        await #expect(throws: ModuleError.crashed(module: "crash-configure", call: "configure level", signal: SIGSEGV)) {
            try await host.configure("crash-configure", key: "level", value: "2")
        }
        guard case .disabled(let reason) = try await host.info("crash-configure").state else { Issue.record("not disabled"); return }
        #expect(reason.contains("SIGSEGV"))
        await #expect(throws: ModuleError.self) { try await host.deliver(Changes.lifecycle[0], to: "crash-configure") }
    }

    @Test func anAbortAndAStackOverflowInOnEventDisableOnlyThatModule() async throws {
        let host = ModuleHost()
        try await host.load(try ModuleFixtures.fixture("abort_in_event").path)
        try await host.load(try ModuleFixtures.fixture("overflow_in_event").path)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spid-contained-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try await host.load(ModuleFixtures.example("JSONLinesHandler").path, options: [("path", file.path)])

        await #expect(throws: ModuleError.crashed(module: "abort", call: "on_event", signal: SIGABRT)) {
            try await host.deliver(Changes.lifecycle[0], to: "abort")
        }
        await #expect(throws: ModuleError.crashed(module: "overflow", call: "on_event", signal: SIGSEGV)) {
            try await host.deliver(Changes.lifecycle[0], to: "overflow")
        }
        for change in Changes.lifecycle { try await host.deliver(change, to: "jsonl") }
        await #expect(throws: ModuleError.disabled(module: "abort", reason: "crashed in on_event, \(ModuleErrorNames.abort)")) {
            try await host.deliver(Changes.lifecycle[1], to: "abort")
        }
        #expect(try Changes.lines(of: file).count == 3)
        let states = await host.modules.map(\.state.description)
        #expect(states[0].hasPrefix("disabled: crashed in on_event") && states[1].hasPrefix("disabled") && states[2] == "ready")
    }

    @Test func aHungModuleIsStuckAndDropsChangesWithoutHoldingOthers() async throws {
        let host = ModuleHost(configuration: .init(callTimeout: .seconds(1)))
        try await host.load(try ModuleFixtures.fixture("hang_in_event").path)
        try await host.load(ModuleFixtures.example("CStatusLineHandler").path, as: "lines")
        await #expect(throws: ModuleError.timedOut(module: "hang", call: "on_event", limit: .seconds(1))) {
            try await host.deliver(Changes.lifecycle[0], to: "hang")
        }
        // Dropped at once: the first call is still running (the module sleeps for good).
        let error = await moduleError { () throws(ModuleError) in try await host.deliver(Changes.lifecycle[1], to: "hang") }
        guard case .busy(let module, let call, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(module == "hang" && call == "on_event")
        // Another module is not held up.
        try await host.deliver(Changes.lifecycle[1], to: "lines")
        guard case .stuck(let call, _) = try await host.info("hang").state else { Issue.record("not stuck"); return }
        #expect(call == "on_event")
        let info = try await host.info("hang")
        #expect(info.deliveries == 2 && info.failures == 2)
    }

    @Test func aSlowModuleReportsWhenItIsBack() async throws {
        // The limit counts from the call's submission, so it is well above a thread's start-up
        // even on a loaded machine, and well below the module's sleep.
        let host = ModuleHost(configuration: .init(callTimeout: .seconds(1)))
        let events = host.events()
        try await host.load(try ModuleFixtures.fixture("hang_in_event").path, options: [("seconds", "3")])
        await #expect(throws: ModuleError.timedOut(module: "hang", call: "on_event", limit: .seconds(1))) {
            try await host.deliver(Changes.lifecycle[0], to: "hang")
        }
        #expect(try await eventually { try await host.info("hang").state == .ready })
        let seen = await collect(events) { if case .recovered = $0 { true } else { false } }
        #expect(seen.contains(.log(module: "hang", level: .info, message: "sleeping")))
        #expect(seen.contains(.log(module: "hang", level: .info, message: "woke up")))
        guard case .recovered(let module, let call, let after)? = seen.last else {
            Issue.record("no recovery in \(seen); the module is \(try await host.info("hang"))")
            return
        }
        #expect(module == "hang" && call == "on_event" && after >= .seconds(2))
        #expect(try await host.info("hang").state == .ready)
    }

    @Test func callsToOneInstanceNeverOverlap() async throws {
        let host = ModuleHost()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spid-serial-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try await host.load(ModuleFixtures.example("JSONLinesHandler").path, options: [("path", file.path), ("fsync", "off")])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask { try await host.deliver(Changes.change(.running, .succeeded), to: "jsonl", operation: "op\(index)") }
            }
            try await group.waitForAll()
        }
        let names = try Changes.lines(of: file).compactMap { $0["operation"]?.stringValue }
        #expect(Set(names).count == 200)
    }

    @Test func aMonitorHandlerReportsModuleFailuresAsEvents() async throws {
        let host = ModuleHost()
        let events = host.events()
        try await host.load(try ModuleFixtures.fixture("abort_in_event").path)
        let handler = try await host.handler(for: "abort", event: "done")
        try await handler.handle(Changes.lifecycle[2])  // never throws
        let seen = await collect(events) { if case .failed = $0 { true } else { false } }
        #expect(seen.last == .failed(.crashed(module: "abort", call: "on_event", signal: SIGABRT)))
    }
}

/// The text of the signals' names, as the errors spell them.
enum ModuleErrorNames {
    static let abort = "SIGABRT: abort()"
}
