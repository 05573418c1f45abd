import Foundation
import LineEditing
import SpidREPL

/// Output for scripts and pipes: lines go straight to stdout or stderr; no progress line.
struct StreamOutput: REPLOutput {
    private let lock = NSLock()

    func write(_ text: String, to stream: REPLStream) {
        let data = Data((text.hasSuffix("\n") ? text : text + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        let handle = stream == .output ? FileHandle.standardOutput : FileHandle.standardError
        try? handle.write(contentsOf: data)
    }
}

/// Output on a terminal: through the console that keeps the prompt intact.
struct ConsoleOutput: REPLOutput {
    let console: TerminalConsole

    func write(_ text: String, to stream: REPLStream) {
        console.write(text, to: stream == .output ? .output : .error)
    }

    func progress(_ line: String?) { console.setProgress(line) }
}
