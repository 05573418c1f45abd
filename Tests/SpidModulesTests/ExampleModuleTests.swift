import Foundation
import SpeakerRecognition
import SpidModules
import SpidTestSupport
import Testing

/// The shipped example modules, loaded from the libraries `swift build` made, as a host loads them.
@Suite struct ExampleModuleTests {
    private func temporaryFile(_ suffix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("spid-example-\(UUID())\(suffix)")
    }

    @Test func jsonLinesAppendsEachChangeAsAJSONLine() async throws {
        let host = ModuleHost()
        let file = temporaryFile(".jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let info = try await host.load(ModuleFixtures.example("JSONLinesHandler").path, options: [("path", file.path)])
        #expect(info.name == "jsonl" && info.runtime == SpidVersion.swiftRuntime && info.configurable)
        for change in Changes.lifecycle { try await host.deliver(change, to: "jsonl", operation: "op1", event: "change") }
        let lines = try Changes.lines(of: file)
        #expect(lines.map { $0["status"]?.stringValue } == ["notstarted", "running", "succeeded"])
        #expect(lines.map { $0["previous"]?.stringValue } == [nil, "notstarted", "running"])
        #expect(lines[2]["operationId"]?.stringValue == Changes.operationID && lines[2]["operation"]?.stringValue == "op1")
        #expect(try StatusChange(document: lines[2]) == Changes.lifecycle[2])
    }

    @Test func jsonLinesFromTwoInstancesNeverInterleave() async throws {
        let host = ModuleHost()
        let file = temporaryFile(".jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let path = ModuleFixtures.example("JSONLinesHandler").path
        try await host.load(path, as: "a", options: [("path", file.path)])
        try await host.load(path, as: "b", options: [("path", file.path), ("fsync", "off")])
        let big = StatusChange(
            location: Changes.location, kind: .identification, previous: .running,
            snapshot: OperationSnapshot(status: .failed, message: String(repeating: "x", count: 20_000)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in ["a", "b"] {
                group.addTask { for _ in 0..<100 { try await host.deliver(big, to: name) } }
            }
            try await group.waitForAll()
        }
        let lines = try Changes.lines(of: file)  // every line parses: none was cut by another
        #expect(lines.count == 200)
    }

    @Test func jsonLinesSaysWhatIsMissing() async throws {
        let host = ModuleHost()
        try await host.load(ModuleFixtures.example("JSONLinesHandler").path)
        await #expect(
            throws: ModuleError.callFailed(module: "jsonl", call: "on_event", message: "no file yet: load the module with path=FILE")
        ) {
            try await host.deliver(Changes.lifecycle[0], to: "jsonl")
        }
        await #expect(throws: ModuleError.self) { try await host.configure("jsonl", key: "path", value: "/nonexistent/dir/x.jsonl") }
        await #expect(
            throws: ModuleError.callFailed(module: "jsonl", call: "configure fsync", message: "fsync is on or off, not sometimes")
        ) {
            try await host.configure("jsonl", key: "fsync", value: "sometimes")
        }
    }

    @Test func theCModuleWritesAStatusLine() async throws {
        let host = ModuleHost()
        let file = temporaryFile(".log")
        defer { try? FileManager.default.removeItem(at: file) }
        let info = try await host.load(ModuleFixtures.example("CStatusLineHandler").path, options: [("path", file.path)])
        #expect(info.runtime == nil && info.name == "status-line")
        for change in Changes.lifecycle { try await host.deliver(change, to: "status-line", operation: "op1") }
        await host.shutdown()  // destroy closes (and flushes) the file
        let text = try String(contentsOf: file, encoding: .utf8)
        let id = Changes.operationID
        #expect(text == "op1 \(id) - -> notstarted\nop1 \(id) notstarted -> running\nop1 \(id) running -> succeeded\n")
    }

    @Test func theCModuleLogsThroughTheHostWithoutAFile() async throws {
        let host = ModuleHost()
        let events = host.events()
        try await host.load(ModuleFixtures.example("CStatusLineHandler").path)
        try await host.deliver(Changes.lifecycle[1], to: "status-line")
        let seen = await collect(events) { _ in true }
        #expect(seen == [.log(module: "status-line", level: .info, message: "- \(Changes.operationID) notstarted -> running")])
    }

    @Test func theWebhookPostsEachChange() async throws {
        let receiver = try await WebhookReceiver.start()
        let host = ModuleHost()
        try await host.load(
            ModuleFixtures.example("WebhookHandler").path,
            options: [("url", receiver.base + "/hook"), ("header", "Authorization: Bearer t0ken")])
        for change in Changes.lifecycle { try await host.deliver(change, to: "webhook", operation: "op1", event: "change") }
        let deliveries = receiver.deliveries
        #expect(deliveries.count == 3)
        #expect(deliveries.first?.headers["content-type"] == "application/json")
        #expect(deliveries.first?.headers["authorization"] == "Bearer t0ken")
        #expect(deliveries.first?.headers["x-spid-event"] == "change")
        let documents = try deliveries.map { try JSONParser().parse($0.body) }
        #expect(documents.map { $0["status"]?.stringValue } == ["notstarted", "running", "succeeded"])
        await receiver.stop()
    }

    @Test func theWebhookRetriesWhatMaySucceedLater() async throws {
        let receiver = try await WebhookReceiver.start()
        let host = ModuleHost()
        let events = host.events()
        try await host.load(ModuleFixtures.example("WebhookHandler").path, options: [("url", receiver.base + "/flaky/2")])
        try await host.deliver(Changes.lifecycle[2], to: "webhook")
        #expect(receiver.deliveries.count == 3)  // two 503s, then delivered
        let warnings = Locked(0)
        let seen = await collect(events) { event in
            guard case .log(_, .warning, let message) = event, message.contains("503") else { return false }
            return warnings.withLock { count in
                count += 1
                return count == 2
            }
        }
        #expect(seen.count == 2)
        await receiver.stop()
    }

    @Test func theWebhookGivesUpOnARefusalAtOnce() async throws {
        let receiver = try await WebhookReceiver.start()
        let host = ModuleHost()
        try await host.load(ModuleFixtures.example("WebhookHandler").path, options: [("url", receiver.base + "/reject")])
        let error = await moduleError { () throws(ModuleError) in try await host.deliver(Changes.lifecycle[2], to: "webhook") }
        #expect(error?.description.contains("refused the change: HTTP 400") == true)
        #expect(receiver.deliveries.count == 1)
        await receiver.stop()
    }

    @Test func theWebhookGivesUpOnAnUnreachableURLAfterItsRetries() async throws {
        let host = ModuleHost()
        try await host.load(
            ModuleFixtures.example("WebhookHandler").path,
            options: [("url", "http://127.0.0.1:1/hook"), ("retries", "1"), ("timeout", "1")])
        let error = await moduleError { () throws(ModuleError) in try await host.deliver(Changes.lifecycle[2], to: "webhook") }
        #expect(error?.description.contains("(2 attempts)") == true)
        await #expect(throws: ModuleError.self) { try await host.configure("webhook", key: "url", value: "ftp://example.com") }
    }
}
