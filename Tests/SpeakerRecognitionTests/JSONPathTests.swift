import Testing

@testable import SpeakerRecognition

@Suite("JSON paths")
struct JSONPathTests {
    let tree = try! JSONParser().parse(#"{"processingResult":{"confidence":"High"},"list":[{"phrase":"x"}],"odd.key":1}"#)

    @Test("finds members, indexes and quoted names")
    func lookups() throws {
        #expect(try tree.value(at: "processingResult.confidence") == .string("High"))
        #expect(try tree.value(at: "list[0].phrase") == .string("x"))
        #expect(try tree.value(at: #"["odd.key"]"#).jsonText() == "1")
        #expect(try tree.value(at: "") == tree)
        #expect(try JSONPath(parsing: #"a["b.c"][2].d"#).description == #"a["b.c"][2].d"#)
    }

    @Test("says what is missing and what exists")
    func missing() {
        #expect(throws: JSONPathError.self) { try tree.value(at: "processingResult.score") }
        do {
            _ = try tree.value(at: "processingResult.score")
        } catch {
            #expect(error.reason.contains("no member \"score\""))
            #expect(error.reason.contains("confidence"))
        }
        #expect(throws: JSONPathError.self) { try tree.value(at: "list[3]") }
        #expect(throws: JSONPathError.self) { try tree.value(at: "list.phrase") }
    }

    @Test("refuses malformed paths", arguments: [".a", "a..b", "a[", "a[x]", "a[1", #"a["b"#, "a."])
    func malformed(_ text: String) {
        #expect(throws: JSONPathError.self) { try JSONPath(parsing: text) }
    }
}
