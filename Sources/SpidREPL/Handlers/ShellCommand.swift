import Foundation

/// Runs `/bin/sh -c LINE` with text on its stdin, collecting what it prints, within a time limit.
enum ShellCommand {
    struct Result: Sendable {
        var output: String
        var status: Int32
        var timedOut: Bool
    }

    static func run(_ line: String, input: String, environment: [String: String], timeout: Duration) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", line]
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        let collected = OutputCollector()
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { collected.append(data) }
        }
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.finish() }
        try process.run()
        // A command that exits without reading stdin would kill this process with SIGPIPE on
        // the write below; the REPL ignores SIGPIPE (as NIO does) and takes the EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let timedOut = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in exited.stream {}
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return true
            }
            let first = await group.next() ?? false
            if first || Task.isCancelled, process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
            group.cancelAll()
            return first
        }
        process.waitUntilExit()
        stdout.fileHandleForReading.readabilityHandler = nil
        if let rest = try? stdout.fileHandleForReading.readToEnd() { collected.append(rest) }
        return Result(output: collected.text, status: process.terminationStatus, timedOut: timedOut)
    }
}

/// Bytes a child process prints, gathered from the pipe's handler thread.
private final class OutputCollector: @unchecked Sendable {  // @unchecked: `data` is only touched under `lock`.
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) {
        lock.lock()
        data.append(more)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
