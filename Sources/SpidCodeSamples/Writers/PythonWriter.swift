/// Python 3 with the standard library's `http.client`.
enum PythonWriter: SampleWriter {
    static func code(for request: SampleRequest) -> String {
        var headers = [
            "    \"Ocp-Apim-Subscription-Key\": os.environ.get(\(Literal.doubleQuoted(request.keyVariable)), \"{subscription key}\"),"
        ]
        if let type = request.call.body.contentType { headers.append("    \"Content-Type\": \(Literal.doubleQuoted(type)),") }
        let body: String
        switch request.call.body {
        case .none: body = "body = None\n"
        case .json(let text): body = "body = \(Literal.doubleQuoted(text)).encode()\n"
        case .audio: body = "with open(\(Literal.doubleQuoted(request.audioFile)), \"rb\") as file:\n    body = file.read()\n"
        }
        return """
            # \(request.title)
            # Run: \(request.keyVariable)=your-key python3 \(SampleLanguage.python.fileName)
            import http.client
            import os
            import urllib.parse

            url = urllib.parse.urlsplit(\(Literal.doubleQuoted(request.url.absoluteString)))
            headers = {
            \(headers.joined(separator: "\n"))
            }
            \(body)
            connection = (http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection)(url.netloc)
            connection.request(\(Literal.doubleQuoted(request.call.method)), url.path + ("?" + url.query if url.query else ""), body, headers)
            response = connection.getresponse()
            print(response.status, response.reason)
            if response.getheader("Operation-Location"):
                print("Operation-Location:", response.getheader("Operation-Location"))
            print(response.read().decode())
            connection.close()

            """
    }
}
