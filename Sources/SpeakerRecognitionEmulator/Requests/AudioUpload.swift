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
        guard let audio = firstAudioPart(of: body, boundary: boundary) else { throw .invalidHTTPRequest }
        return audio
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

    /// The first part whose body is a WAV (`RIFF…`), else the first part; `nil` when there is
    /// none. One pass over the bytes, stopping at the audio: linear in the body's size whatever
    /// the number of parts (a body of 256k tiny parts must not stall the server).
    static func firstAudioPart(of body: Data, boundary: String) -> Data? {
        let delimiter = Array(("--" + boundary).utf8)
        return body.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Data? in
            guard let first = find(delimiter, in: bytes, from: 0) else { return nil }
            var start = first + delimiter.count
            var firstPart: Range<Int>?
            while let next = find(delimiter, in: bytes, from: start) {
                if let content = partBody(in: bytes, start..<next) {
                    if bytes[content].starts(with: [0x52, 0x49, 0x46, 0x46]) { return Data(bytes[content]) }  // "RIFF"
                    if firstPart == nil { firstPart = content }
                }
                start = next + delimiter.count
                if start + 1 < bytes.count, bytes[start] == 0x2D, bytes[start + 1] == 0x2D { break }  // "--": the last one
            }
            return firstPart.map { Data(bytes[$0]) }
        }
    }

    /// A part's body: after its headers' blank line, without the line break before the next delimiter.
    private static func partBody(in bytes: UnsafeRawBufferPointer, _ part: Range<Int>) -> Range<Int>? {
        guard let crlf = find([0x0D, 0x0A, 0x0D, 0x0A], in: bytes, from: part.lowerBound, before: part.upperBound) else {
            guard let lf = find([0x0A, 0x0A], in: bytes, from: part.lowerBound, before: part.upperBound) else { return nil }
            return trimmed(bytes, (lf + 2)..<part.upperBound)
        }
        return trimmed(bytes, (crlf + 4)..<part.upperBound)
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        if end - range.lowerBound >= 2, bytes[end - 2] == 0x0D, bytes[end - 1] == 0x0A {
            end -= 2
        } else if end > range.lowerBound, bytes[end - 1] == 0x0A {
            end -= 1
        }
        return range.lowerBound..<end
    }

    /// Where `pattern` first occurs in `bytes[from..<before]`: `memchr` for its first byte, then a compare.
    private static func find(_ pattern: [UInt8], in bytes: UnsafeRawBufferPointer, from: Int, before: Int? = nil) -> Int? {
        let end = before ?? bytes.count
        guard let base = bytes.baseAddress, !pattern.isEmpty else { return nil }
        var position = from
        while position + pattern.count <= end {
            guard let hit = memchr(base + position, Int32(pattern[0]), end - position - pattern.count + 1) else { return nil }
            let index = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + index, pattern, pattern.count) == 0 { return index }
            position = index + 1
        }
        return nil
    }
}
