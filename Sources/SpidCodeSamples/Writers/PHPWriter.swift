/// PHP with the curl extension (`php-curl`).
enum PHPWriter: SampleWriter {
    static func code(for request: SampleRequest) -> String {
        var headers = ["'Ocp-Apim-Subscription-Key: ' . (getenv(\(Literal.singleQuoted(request.keyVariable))) ?: '{subscription key}')"]
        if let type = request.call.body.contentType { headers.append(Literal.singleQuoted("Content-Type: \(type)")) }
        var options = [
            "CURLOPT_CUSTOMREQUEST => \(Literal.singleQuoted(request.call.method)),",
            "CURLOPT_HTTPHEADER => [\(headers.joined(separator: ", "))],",
            "CURLOPT_RETURNTRANSFER => true,",
            "CURLOPT_HEADERFUNCTION => function ($curl, $line) use (&$location) {",
            "    if (stripos($line, 'Operation-Location:') === 0) $location = trim(substr($line, 19));",
            "    return strlen($line);",
            "},",
        ]
        switch request.call.body {
        case .none: break
        case .json(let text): options.insert("CURLOPT_POSTFIELDS => \(Literal.singleQuoted(text)),", at: 2)
        case .audio: options.insert("CURLOPT_POSTFIELDS => file_get_contents(\(Literal.singleQuoted(request.audioFile))),", at: 2)
        }
        return """
            <?php
            // \(request.title)
            // Run: \(request.keyVariable)=your-key php \(SampleLanguage.php.fileName)
            $location = null;
            $curl = curl_init(\(Literal.singleQuoted(request.url.absoluteString)));
            curl_setopt_array($curl, [
            \(options.map { "    " + $0 }.joined(separator: "\n"))
            ]);
            $body = curl_exec($curl);
            if ($body === false) {
                fwrite(STDERR, curl_error($curl) . "\\n");
                exit(1);
            }
            echo curl_getinfo($curl, CURLINFO_RESPONSE_CODE), "\\n";
            if ($location) echo "Operation-Location: $location\\n";
            echo $body, "\\n";

            """
    }
}
