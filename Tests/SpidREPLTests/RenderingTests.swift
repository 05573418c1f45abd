import SpeakerRecognition
import Testing

@testable import SpidREPL

@Suite("Rendering: trees and tables")
struct RenderingTests {
    let document: JSONValue = [
        "status": .string("succeeded"),
        "processingResult": ["identifiedProfileId": .string("111f427c-3791-468f-b709-fcef7660fff9"), "confidence": .string("Normal")],
        "tries": .array([.number(JSONNumber(1)), .bool(true), .null]),
    ]

    @Test func plainTreeSnapshot() {
        let lines = TreeRenderer(style: .plain).render(document, label: "op1")
        #expect(
            lines == [
                #"op1                                                                object, 3 members"#,
                #"├─ status: "succeeded"                                             string"#,
                #"├─ processingResult                                                object, 2 members"#,
                #"│  ├─ identifiedProfileId: "111f427c-3791-468f-b709-fcef7660fff9"  string"#,
                #"│  └─ confidence: "Normal"                                         string"#,
                #"└─ tries                                                           array, 3 elements"#,
                #"   ├─ [0]: 1                                                       number"#,
                #"   ├─ [1]: true                                                    bool"#,
                #"   └─ [2]: null                                                    null"#,
            ])
    }

    @Test func colouredTreeHasTheSameTextAndEscapes() {
        let plain = TreeRenderer(style: .plain).render(document, label: "op1")
        let coloured = TreeRenderer(style: TextStyle(colors: true)).render(document, label: "op1")
        #expect(coloured.map(stripEscapes) == plain)
        #expect(coloured[1].contains("\u{1B}[32m\"succeeded\"\u{1B}[0m"))
        #expect(plain.allSatisfy { !$0.contains("\u{1B}") })
    }

    @Test func longStringsAreCut() {
        var renderer = TreeRenderer(style: .plain)
        renderer.maximumStringLength = 5
        let lines = renderer.render(["s": .string("abcdefgh")])
        #expect(lines[1].hasPrefix("└─ s: \"abcde\"… (8 characters)"))
    }

    @Test func tableSnapshot() {
        let lines = TableRenderer(style: .plain).render(header: ["NAME", "STATUS"], rows: [["op1", "running"], ["op10", "succeeded"]])
        #expect(lines == ["NAME  STATUS", "op1   running", "op10  succeeded"])
    }

    func stripEscapes(_ text: String) -> String {
        text.replacing(/\u{1B}\[[0-9;]*m/, with: "")
    }
}
