import SpeakerRecognition
import Testing

@testable import SpidREPL

@Suite("Bindings: names, reverse lookups, profile ids")
struct BindingsTests {
    static let alice = ProfileID("111f427c-3791-468f-b709-fcef7660fff9")!
    static let bob = ProfileID("222f427c-3791-468f-b709-fcef7660fff9")!

    @Test func bindsListsAndRemoves() {
        var bindings = Bindings()
        #expect(bindings.isEmpty)
        bindings["zed"] = .text("z")
        bindings["alice"] = .profile(Self.alice)
        #expect(bindings.names == ["alice", "zed"])
        let removed = bindings.remove("zed")
        let again = bindings.remove("zed")
        #expect(removed == .text("z") && again == nil)
        #expect(bindings.names == ["alice"])
    }

    @Test func findsTheNamesOfAValue() {
        var bindings = Bindings()
        bindings["b"] = .profile(Self.alice)
        bindings["a"] = .profile(Self.alice)
        bindings["c"] = .profile(Self.bob)
        bindings["op"] = .operation("op1")
        #expect(bindings.names(boundTo: .profile(Self.alice)) == ["a", "b"])
        #expect(bindings.names { if case .operation = $0 { true } else { false } } == ["op"])
    }

    @Test func readsProfileIdsFromIdsOrNames() {
        var bindings = Bindings()
        bindings["alice"] = .profile(Self.alice)
        bindings["note"] = .text("hello")
        #expect(bindings.profileID("alice") == Self.alice)
        #expect(bindings.profileID(Self.bob.description) == Self.bob)
        #expect(bindings.profileID("note") == nil)
        #expect(bindings.profileID("nobody") == nil)
    }
}
