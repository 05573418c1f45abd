/// Ruby with the standard library's `net/http`.
enum RubyWriter: SampleWriter {
    static func code(for request: SampleRequest) -> String {
        let method = request.call.method.prefix(1) + request.call.method.dropFirst().lowercased()
        var lines = [
            "request['Ocp-Apim-Subscription-Key'] = ENV.fetch(\(Literal.singleQuoted(request.keyVariable)), '{subscription key}')"
        ]
        if let type = request.call.body.contentType { lines.append("request['Content-Type'] = \(Literal.singleQuoted(type))") }
        switch request.call.body {
        case .none: break
        case .json(let text): lines.append("request.body = \(Literal.singleQuoted(text))")
        case .audio: lines.append("request.body = File.binread(\(Literal.singleQuoted(request.audioFile)))")
        }
        return """
            # \(request.title)
            # Run: \(request.keyVariable)=your-key ruby \(SampleLanguage.ruby.fileName)
            require 'net/http'

            uri = URI(\(Literal.singleQuoted(request.url.absoluteString)))
            request = Net::HTTP::\(method).new(uri)
            \(lines.joined(separator: "\n"))

            response = Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == 'https') do |http|
              http.request(request)
            end
            puts "#{response.code} #{response.message}"
            puts "Operation-Location: #{response['Operation-Location']}" if response['Operation-Location']
            puts response.body

            """
    }
}
