import SpeakerRecognition
import Testing

@testable import SpidREPL

@Suite("HandlerTable: numbering, removal, scopes")
struct HandlerTableTests {
    static let location = OperationLocation(string: "http://127.0.0.1:8080/spid/v1.0/operations/0b1b6e3c-0000-4000-8000-000000000001")!

    @Test func numbersHandlersAndNeverReusesANumber() {
        var table = HandlerTable()
        let first = table.add(event: "done", operation: nil, location: nil, action: .command("show"))
        let second = table.add(event: "failed", operation: "op1", location: Self.location, action: .shell("cat"))
        #expect(first.number == 1 && second.number == 2 && table.count == 2)
        let removed = table.remove("#1")
        #expect(removed?.description == "on done all do show")
        let third = table.add(event: "change", operation: nil, location: nil, action: .module("jsonl"))
        #expect(third.number == 3)
        #expect(table.all.map(\.number) == [2, 3])
    }

    @Test func refusesWordsThatNameNoHandler() {
        var table = HandlerTable()
        _ = table.add(event: "done", operation: nil, location: nil, action: .command("show"))
        let unknown = table.remove("2")
        let notANumber = table.remove("one")
        let first = table.remove("1")
        #expect(unknown == nil && notANumber == nil && first?.number == 1)
        #expect(table.isEmpty)
    }

    @Test func removesAllOrThoseForOneOperation() {
        var table = HandlerTable()
        _ = table.add(event: "done", operation: nil, location: nil, action: .command("show"))
        _ = table.add(event: "done", operation: "op1", location: Self.location, action: .command("show"))
        _ = table.add(event: "running", operation: "op1", location: Self.location, action: .shell("true"))
        let scoped = table.removeOperationScoped()
        #expect(scoped.map(\.number) == [2, 3] && table.all.map(\.number) == [1])
        let rest = table.removeAll()
        #expect(rest.map(\.number) == [1])
        #expect(table.isEmpty)
    }
}
