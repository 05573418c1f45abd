import Foundation
import SpeakerRecognition

/// `expect`: checks a value in an operation or a bound result; in a script a mismatch stops it.
enum ExpectCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "expect", usage: ["expect [OP|NAME] PATH VALUE"],
        summary: "Check a value in an operation or bound result; in a script a mismatch stops it",
        details: ["Text compares ignoring case (ids, statuses); numbers compare as numbers; `null` matches a missing value."],
        examples: ["expect op1 status succeeded", "expect $who processingResult.identifiedProfileId $alice", "expect v result Accept"],
        arguments: ["": [.target, .text, .text]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(2...3, "a path and a value")
        var words = arguments.positionals
        let target: REPLSession.Target
        if words.count == 3 {
            target = try await session.target(words[0], allowUnknown: false)!
            words.removeFirst()
        } else {
            target = REPLSession.Target(try await session.operation(nil, context))
        }
        let path = words[0], wanted = words[1]
        let actual = try? JSONPath(parsing: path).resolve(in: target.document)
        guard matches(actual, wanted) else {
            let shown = actual.map { $0.jsonText() } ?? "nothing"
            throw REPLError("expected \(target.label) \(path) to be \(wanted), but it is \(shown)")
        }
        return .init(
            lines: [session.style.good("ok") + " \(target.label) \(path) is \(wanted)"], json: ["ok": .bool(true), "path": .string(path)])
    }

    /// A value compares as the API's enumerations and ids do: text ignoring case, numbers as numbers.
    static func matches(_ actual: JSONValue?, _ wanted: String) -> Bool {
        switch actual {
        case nil, .null?: wanted == "null"
        case .string(let text)?: text.caseInsensitiveCompare(wanted) == .orderedSame
        case .number(let number)?: Double(wanted).map { $0 == number.doubleValue } ?? false
        case .bool(let flag)?: wanted.lowercased() == String(flag)
        case let value?: value.jsonText() == wanted
        }
    }
}
