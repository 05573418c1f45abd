import Foundation
import Testing

@testable import SpeakerRecognition

@Suite("JSON parser")
struct JSONParserTests {
    let strict = JSONParser(syntax: .strict)
    let lenient = JSONParser(syntax: .lenient)

    @Test("keeps member order, number literals and duplicates")
    func order() throws {
        let tree = try strict.parse(#"{"z":1,"a":0.0,"m":[true,false,null],"a":"last"}"#)
        guard case let .object(object) = tree else { Issue.record("not an object"); return }
        #expect(object.keys == ["z", "a", "m", "a"])
        #expect(tree["a"] == .string("last"))
        #expect(tree["z"]?.jsonText() == "1")
        #expect(try strict.parse("[0.0, -1.5e3, 2]").jsonText() == "[0.0,-1.5e3,2]")
    }

    @Test("strings: escapes, surrogate pairs and UTF-8")
    func strings() throws {
        #expect(try strict.parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\né😀"))
        #expect(try strict.parse("\"Zürich\"") == .string("Zürich"))
        #expect(throws: JSONSyntaxError.self) { try strict.parse(#""\ud83d""#) }
        #expect(throws: JSONSyntaxError.self) { try strict.parse("\"tab\there\"") }
        #expect(throws: JSONSyntaxError.self) { try strict.parse(#""\x""#) }
        #expect(throws: JSONSyntaxError.self) { try strict.parse([0x22, 0xFF, 0x22]) }
    }

    @Test(
        "strict rejects what RFC 8259 rejects",
        arguments: [
            "", "   ", "{", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":1 "b":2}"#, "[1 2]", "01", "1.", "-", ".5",
            "tru", "nul", "{'a':1}", "// c\n{}", "{} {}", #"{"a":1}x"#, "[…]", "\u{00A0}{}",
        ])
    func strictRejects(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try strict.parse(text) }
    }

    @Test(
        "lenient takes the docs' quirks",
        arguments: [
            (#"{"a":1,}"#, #"{"a":1}"#),
            ("[1,2,]", "[1,2]"),
            ("{\"a\":1 // note\n,\"b\":2}", #"{"a":1,"b":2}"#),
            ("{\"a\": /* x */ 1}", #"{"a":1}"#),
            ("{\"a\":1\n\"b\":2}", #"{"a":1,"b":2}"#),
            (#"{"a", 0.0 "b":1}"#, #"{"a":0.0,"b":1}"#),
            (#"{"a"=1}"#, #"{"a":1}"#),
            ("[{\"a\":1}, …]", #"[{"a":1}]"#),
            ("[{\"a\":1}, ...]", #"[{"a":1}]"#),
            ("[1 2]", "[1,2]"),
            ("{'a':'b'}", #"{"a":"b"}"#),
            ("\u{FEFF}\u{00A0}{}", "{}"),
        ])
    func lenientAccepts(_ input: String, _ expected: String) throws {
        #expect(try lenient.parse(input).jsonText() == expected)
    }

    @Test("errors say where, by line and column")
    func position() {
        do {
            _ = try strict.parse("{\n  \"a\": 1,\n}")
            Issue.record("parsed")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 9)
            #expect(error.reason.contains("trailing comma"))
        }
    }

    @Test("deep nesting is refused, not a stack overflow")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try strict.parse(deep) }
        #expect(throws: JSONSyntaxError.self) { try lenient.parse(deep) }
        #expect((try? strict.parse(String(repeating: "[", count: 500) + String(repeating: "]", count: 500))) != nil)
    }

    @Test("text round-trips through jsonText, compact and pretty")
    func roundTrip() throws {
        let text = #"{"s":"q\"\\\n\u0001","n":[1,2.50,{"e":{}}],"b":true,"z":null,"k":[]}"#
        let tree = try strict.parse(text)
        #expect(try strict.parse(tree.jsonText()) == tree)
        #expect(try strict.parse(tree.jsonText(pretty: true)) == tree)
        #expect(tree.jsonText(pretty: true).contains("\n  \"n\": [\n    1,"))
    }
}
