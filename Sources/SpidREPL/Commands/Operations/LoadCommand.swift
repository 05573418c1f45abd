import Foundation
import SpeakerRecognition

/// `load`: adds an operation by id, by Operation-Location URL, or from a saved JSON document.
enum LoadCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "load", usage: ["load ID|URL|FILE.json"],
        summary: "Add an operation by id, by Operation-Location URL, or from a saved JSON document",
        details: [
            "Operations loaded by id or URL are watched in the background, so handlers fire.",
            "A file is read leniently: the documentation's examples (comments, stray commas) load.",
        ],
        examples: [
            "load 0b1b6e3c-0000-4000-8000-000000000001", "load https://westus.api.cognitive.microsoft.com/spid/v1.0/operations/ID",
            "load result.json",
        ],
        arguments: ["": [.file]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(1...1, "an operation id, URL or JSON file")
        let word = arguments.positionals[0]
        let operation: TrackedOperation
        if REPLSession.namesRemoteOperation(word) {
            operation = try await session.loadRemote(word)
        } else {
            operation = try loadFile(word, in: session)
        }
        return .init(lines: [session.summaryLine(operation)], json: ResultJSON.operation(operation), value: .operation(operation.name))
    }

    private static func loadFile(_ path: String, in session: isolated REPLSession) throws(REPLError) -> TrackedOperation {
        let data = try LocalFile.read(
            session.resolve(path), named: path, limit: 16 << 20,
            hint: "load takes an operation id, an Operation-Location URL or a JSON file")
        let snapshot: OperationSnapshot
        do {
            snapshot = try JSONResponseDecoder(syntax: .lenient).decodeOperation(from: data)
        } catch let error as SpidError {
            throw REPLError("\(path) is not an operation document: \(error.message)")
        } catch {
            throw REPLError("\(path) is not an operation document: \(error)")
        }
        return session.operations.register(
            location: nil, kind: snapshot.processingResult?.kind, origin: "file \((path as NSString).lastPathComponent)", snapshot: snapshot
        )
    }
}
