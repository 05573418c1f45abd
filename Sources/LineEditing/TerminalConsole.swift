import CLibedit
import Foundation

/// The REPL's output on a terminal, safe to use from any thread.
///
/// While ``LineEditor`` waits for a key, text written here is queued and the editor is woken: it
/// prints the text above the prompt and redraws the half-typed line. Otherwise text goes out at
/// once, around a transient progress line (a spinner) that it clears and redraws.
// @unchecked: every stored var is read and written under `lock` only; the fds are immutable.
public final class TerminalConsole: @unchecked Sendable {
    public enum Stream: Sendable { case output, error }

    private let lock = NSLock()
    private var reading = false
    private var pending: [(Stream, String)] = []
    private var progressLine: String?
    private let wakeRead: Int32
    private let wakeWrite: Int32

    public init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
            _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// The descriptor the editor polls besides stdin.
    var wakeDescriptor: Int32 { wakeRead }

    /// Where Ctrl-C writes to wake the editor.
    var interruptDescriptor: Int32 { wakeWrite }

    /// Writes whole lines (a newline is added when missing).
    public func write(_ text: String, to stream: Stream = .output) {
        let text = text.hasSuffix("\n") ? text : text + "\n"
        lock.lock()
        defer { lock.unlock() }
        if reading {
            pending.append((stream, text))
            var byte: UInt8 = 1
            _ = Foundation.write(wakeWrite, &byte, 1)
            return
        }
        if progressLine != nil { put("\r\u{1B}[K", to: .output) }
        put(text, to: stream)
        if let progressLine { put(progressLine, to: .output) }
    }

    /// Shows (or, with `nil`, clears) a one-line status that the next output replaces.
    public func setProgress(_ line: String?) {
        lock.lock()
        defer { lock.unlock() }
        guard !reading else { return }
        if progressLine != nil || line != nil { put("\r\u{1B}[K", to: .output) }
        if let line { put(line, to: .output) }
        progressLine = line
    }

    // MARK: The editor's side

    func beginReading() {
        lock.lock()
        defer { lock.unlock() }
        if progressLine != nil { put("\r\u{1B}[K", to: .output) }
        progressLine = nil
        reading = true
    }

    func endReading() {
        lock.lock()
        defer { lock.unlock() }
        reading = false
        for (stream, text) in pending { put(text, to: stream) }
        pending = []
    }

    /// Prints what was queued while reading, from the start of the prompt's line; `true` if any.
    func flushPending() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !pending.isEmpty else { return false }
        put("\r\u{1B}[K", to: .output)
        for (stream, text) in pending { put(text, to: stream) }
        pending = []
        return true
    }

    private func put(_ text: String, to stream: Stream) {
        let fd = stream == .output ? STDOUT_FILENO : STDERR_FILENO
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
