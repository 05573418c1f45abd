/// JavaScript with `fetch`, as an ES module for Node 18 or later (in a page, drop the file read
/// and the `process` line).
enum JavaScriptWriter: SampleWriter {
    static func code(for request: SampleRequest) -> String {
        var headers = ["\"Ocp-Apim-Subscription-Key\": key"]
        if let type = request.call.body.contentType { headers.append("\"Content-Type\": \(Literal.doubleQuoted(type))") }
        var options = ["  method: \(Literal.doubleQuoted(request.call.method)),", "  headers: { \(headers.joined(separator: ", ")) },"]
        var imports = ""
        switch request.call.body {
        case .none: break
        case .json(let text): options.append("  body: \(Literal.doubleQuoted(text)),")
        case .audio:
            imports = "import { readFile } from \"node:fs/promises\";\n\n"
            options.append("  body: await readFile(\(Literal.doubleQuoted(request.audioFile))),")
        }
        return """
            // \(request.title)
            // Run: \(request.keyVariable)=your-key node \(SampleLanguage.javascript.fileName)
            \(imports)const key = globalThis.process?.env?.\(request.keyVariable) ?? "{subscription key}";
            const response = await fetch(\(Literal.doubleQuoted(request.url.absoluteString)), {
            \(options.joined(separator: "\n"))
            });
            console.log(response.status, response.statusText);
            const location = response.headers.get("Operation-Location");
            if (location) console.log("Operation-Location: " + location);
            console.log(await response.text());

            """
    }
}
