/// A request written as a program in one language: what the console's Code panel and the
/// REPL's `code` command show.
///
/// Every sample reads the subscription key from an environment variable (``SampleRequest/keyVariable``),
/// never holds it, prints the status, the `Operation-Location` when there is one and the body,
/// and says in its first lines how to run it.
public struct CodeSample: Sendable, Hashable {
    public let language: SampleLanguage
    public let code: String

    /// Writes `request` in `language`.
    public init(_ request: SampleRequest, in language: SampleLanguage) {
        var request = request
        if !Self.isVariableName(request.keyVariable) { request.keyVariable = "SPID_KEY" }
        self.language = language
        self.code = Self.writer(for: language).code(for: request)
    }

    /// The request in every language, in ``SampleLanguage``'s order.
    public static func all(for request: SampleRequest) -> [CodeSample] {
        SampleLanguage.allCases.map { CodeSample(request, in: $0) }
    }

    private static func writer(for language: SampleLanguage) -> any SampleWriter.Type {
        switch language {
        case .curl: CurlWriter.self
        case .csharp: CSharpWriter.self
        case .java: JavaWriter.self
        case .javascript: JavaScriptWriter.self
        case .objectiveC: ObjectiveCWriter.self
        case .php: PHPWriter.self
        case .python: PythonWriter.self
        case .ruby: RubyWriter.self
        case .swift: SwiftWriter.self
        case .repl: REPLWriter.self
        }
    }

    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) }
    }
}
