import Foundation

/// The lines of standard input as they arrive, read on a thread of their own (FileHandle's
/// async bytes are not on Linux); ends at end of file.
enum StandardInputLines {
    static func stream() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let reader = Thread {
            while let line = readLine() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { continuation.yield(trimmed) }
            }
            continuation.finish()
        }
        reader.start()
        return stream
    }
}
