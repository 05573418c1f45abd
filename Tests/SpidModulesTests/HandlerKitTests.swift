import Foundation
import SpeakerRecognition
import SpidHandlerKit
import Testing

/// SpidHandlerKit's C side, driven through ``HandlerHarness`` (the same calls a host makes).
@Suite struct HandlerKitTests {
    /// Counts changes, refuses `fail=yes` changes, and says so through the host.
    struct Counter: SpidHandler {
        static let name = "counter"
        static let summary = "Counts changes"
        let host: HandlerHost
        var count = 0
        var failOn: OperationStatus?

        init(host: HandlerHost) throws {
            self.host = host
        }

        mutating func configure(key: String, value: String) throws {
            guard key == "fail-on" else { throw HandlerError("counter has no option \(key)") }
            failOn = OperationStatus(wire: value)
        }

        mutating func handle(_ change: ChangeEvent) throws {
            if change.status == failOn { throw HandlerError("refusing \(change.status.wireValue) " + String(repeating: "é", count: 2000)) }
            count += 1
            host.log(
                "\(count): \(change.operation ?? "-") \(change.previous?.wireValue ?? "none") -> \(change.status.wireValue) [\(change.event ?? "-")]"
            )
        }
    }

    struct Refuses: SpidHandler {
        static let name = "refuses"
        static let summary = "Never starts"
        init(host: HandlerHost) throws { throw HandlerError("no database configured") }
        mutating func handle(_ change: ChangeEvent) throws {}
    }

    let location = OperationLocation(string: "http://127.0.0.1/spid/v1.0/operations/0b1b6e3c-0000-4000-8000-000000000001")!

    @Test func changesArriveTypedAndInOrder() throws {
        let harness = try HandlerHarness(Counter.self)
        try harness.send(
            StatusChange(location: location, kind: .identification, previous: nil, snapshot: OperationSnapshot(status: .running)),
            operation: "op2", event: "change")
        try harness.send(
            StatusChange(location: location, kind: .identification, previous: .running, snapshot: OperationSnapshot(status: .succeeded)))
        #expect(harness.logs == ["1: op2 none -> running [change]", "2: - running -> succeeded [-]"])
    }

    @Test func thrownErrorsBecomeMessagesCutToTheBuffer() throws {
        let harness = try HandlerHarness(Counter.self, options: ["fail-on": "failed"])
        do {
            try harness.send(StatusChange(location: location, kind: nil, previous: .running, snapshot: OperationSnapshot(status: .failed)))
            Issue.record("the failure was lost")
        } catch {
            #expect(error.call == "on_event")
            #expect(error.message.hasPrefix("refusing failed éé"))
            #expect(error.message.utf8.count <= 1023)  // cut on a character boundary: it still decodes as UTF-8
            #expect(error.message.hasSuffix("é"))
        }
    }

    @Test func optionsAndStartingCanFail() {
        #expect(throws: HandlerHarness.Failure.self) { try HandlerHarness(Counter.self, options: ["colour": "red"]) }
        do {
            _ = try HandlerHarness(Refuses.self)
            Issue.record("it started")
        } catch {
            #expect(error.description == "create failed: no database configured")
        }
    }

    @Test func aDocumentThatIsNotAChangeIsRefused() throws {
        let harness = try HandlerHarness(Counter.self)
        #expect(throws: HandlerHarness.Failure.self) { try harness.send(document: .string("hello")) }
        #expect(throws: HandlerHarness.Failure.self) { try harness.send(document: ["location": .string("not a url"), "snapshot": [:]]) }
        #expect(harness.logs.isEmpty)
    }
}
