import Foundation

/// The audio of an upload: the raw body (any or no content type), or the WAV part of a
/// `multipart/form-data` body as the Windows and Android SDKs sent it.
enum AudioUpload {
    static func audio(body: Data, contentType: String?) throws(ServiceFailure) -> Data {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/") else { return body }
        guard let boundary = parameter("boundary", in: contentType) else {
            // A raw file labelled multipart (the 2019 "Invalid Http Request" case) still loads when it is a WAV.
            if body.starts(with: Data("RIFF".utf8)) { return body }
            throw .invalidHTTPRequest
        }
        let parts = self.parts(of: body, boundary: boundary)
        guard !parts.isEmpty else { throw .invalidHTTPRequest }
        return parts.first { $0.starts(with: Data("RIFF".utf8)) } ?? parts[0]
    }

    private static func parameter(_ name: String, in contentType: String) -> String? {
        for piece in contentType.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// The bodies of the parts, headers removed.
    private static func parts(of body: Data, boundary: String) -> [Data] {
        let delimiter = Data(("--" + boundary).utf8)
        var parts: [Data] = []
        var searchFrom = body.startIndex
        guard var start = body.range(of: delimiter, in: searchFrom..<body.endIndex)?.upperBound else { return [] }
        while true {
            searchFrom = start
            guard let next = body.range(of: delimiter, in: searchFrom..<body.endIndex) else { break }
            var part = body[start..<next.lowerBound]
            if let headersEnd = part.range(of: Data("\r\n\r\n".utf8)) ?? part.range(of: Data("\n\n".utf8)) {
                part = part[headersEnd.upperBound...]
                if part.hasSuffix(Data("\r\n".utf8)) { part = part.dropLast(2) } else if part.last == 0x0A { part = part.dropLast() }
                parts.append(Data(part))
            }
            start = next.upperBound
            if body[start...].starts(with: Data("--".utf8)) { break }
        }
        return parts
    }
}

extension Data {
    fileprivate func hasSuffix(_ suffix: Data) -> Bool { count >= suffix.count && self.suffix(suffix.count).elementsEqual(suffix) }
}
