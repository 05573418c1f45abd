import Foundation
import SpeakerRecognition
import Testing

@testable import SpidREPL

@Suite("OperationRegistry: names, lookups, the last operation")
struct OperationRegistryTests {
    static func location(_ n: Int) -> OperationLocation {
        OperationLocation(string: "http://127.0.0.1:8080/spid/v1.0/operations/0b1b6e3c-0000-4000-8000-00000000000\(n)")!
    }

    @Test func namesOperationsInOrderAndKnowsTheLast() {
        var registry = OperationRegistry()
        #expect(registry.isEmpty && registry.last == nil)
        let first = registry.register(location: Self.location(1), kind: .enrollment, origin: "enroll a")
        let second = registry.register(location: Self.location(2), kind: .identification, origin: "identify b")
        #expect(first.name == "op1" && second.name == "op2")
        #expect(registry.names == ["op1", "op2"] && registry.last == "op2")
        registry.use("op1")
        #expect(registry.last == "op1")
        registry.use("op9")
        #expect(registry.last == "op1")
    }

    @Test func theSameLocationIsOneOperation() {
        var registry = OperationRegistry()
        registry.register(location: Self.location(1), kind: .enrollment, origin: "enroll a")
        registry.register(location: Self.location(2), kind: nil, origin: "load")
        let again = registry.register(location: Self.location(1), kind: nil, origin: "load", snapshot: OperationSnapshot(status: .running))
        #expect(again.name == "op1" && again.status == .running)
        #expect(registry.all.count == 2 && registry.last == "op1")
    }

    @Test func findsByNameBindingIdAndURL() {
        var registry = OperationRegistry()
        registry.register(location: Self.location(1), kind: .enrollment, origin: "enroll a")
        var bindings = Bindings()
        bindings["job"] = .operation("op1")
        bindings["alice"] = .text("op1")
        #expect(registry.find("op1", bindings: bindings)?.name == "op1")
        #expect(registry.find("job", bindings: bindings)?.name == "op1")
        #expect(registry.find("0b1b6e3c-0000-4000-8000-000000000001", bindings: bindings)?.name == "op1")
        #expect(registry.find(Self.location(1).url.absoluteString, bindings: bindings)?.name == "op1")
        #expect(registry.find("alice", bindings: bindings) == nil)
        #expect(registry.find("op2", bindings: bindings) == nil)
    }

    @Test func observesAndMarksByLocation() {
        var registry = OperationRegistry()
        registry.register(location: Self.location(1), kind: .enrollment, origin: "enroll a")
        let running = registry.observe(OperationSnapshot(status: .running), at: Self.location(1))
        let succeeded = registry.observe(OperationSnapshot(status: .succeeded), at: Self.location(1))
        let elsewhere = registry.observe(OperationSnapshot(status: .running), at: Self.location(2))
        #expect(running && succeeded && !elsewhere)
        #expect(registry["op1"]?.transitions.map(\.status) == [.running, .succeeded])
        registry.markGone(at: Self.location(1), reason: "gone")
        #expect(registry["op1"]?.failure == "gone" && registry["op1"]?.isSettled == true)
    }

    @Test func aNewServiceDropsLiveOperationsButKeepsFilesAndNumbers() {
        var registry = OperationRegistry()
        registry.register(location: Self.location(1), kind: .enrollment, origin: "enroll a")
        registry.register(location: nil, kind: nil, origin: "file a.json", snapshot: OperationSnapshot(status: .succeeded))
        registry.register(location: Self.location(2), kind: .enrollment, origin: "enroll b")
        let dropped = registry.removeLive()
        #expect(dropped == 2)
        #expect(registry.names == ["op2"] && registry.last == nil)
        #expect(registry["op2"]?.origin == "file a.json")
        let next = registry.register(location: Self.location(3), kind: nil, origin: "load")
        #expect(next.name == "op4")
    }
}
