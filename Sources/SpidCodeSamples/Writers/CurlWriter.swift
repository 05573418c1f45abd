/// curl in a POSIX shell; `-i` prints the status line and headers before the body.
enum CurlWriter: SampleWriter {
    static func code(for request: SampleRequest) -> String {
        var arguments = [
            "curl -sS -i -X \(request.call.method) \(Literal.shell(request.url.absoluteString))",
            "-H \"Ocp-Apim-Subscription-Key: ${\(request.keyVariable):?set \(request.keyVariable) to your subscription key}\"",
        ]
        switch request.call.body {
        case .none: break
        case .json(let text): arguments += ["-H 'Content-Type: application/json'", "--data-raw \(Literal.shell(text))"]
        case .audio: arguments += ["-H 'Content-Type: application/octet-stream'", "--data-binary @\(Literal.shell(request.audioFile))"]
        }
        return """
            # \(request.title)
            # Run: \(request.keyVariable)=your-key sh \(SampleLanguage.curl.fileName)
            \(arguments.joined(separator: " \\\n  "))

            """
    }
}
