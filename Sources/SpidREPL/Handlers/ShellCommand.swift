import Foundation
import SpeakerRecognition

#if canImport(Glibc)
import Glibc

private let streamSocket = Int32(SOCK_STREAM.rawValue)
private let noSignal = Int32(MSG_NOSIGNAL)
#elseif canImport(Darwin)
import Darwin

private let streamSocket = SOCK_STREAM
private let noSignal: Int32 = 0  // Darwin has no MSG_NOSIGNAL; SO_NOSIGPIPE is set on the socket.
#endif

/// Runs `/bin/sh -c LINE` with text on its stdin, collecting what it prints, until it ends or
/// its task is cancelled (a handler's timeout).
///
/// The shell runs in a process group of its own, so cancelling ends everything it
/// started (`sleep 60` included), and a background child that keeps the output open does not
/// keep the handler waiting once the shell itself has exited. The group is handed to
/// ``ProcessGroups`` so that what the shell leaves running in the background ends with the
/// handler or the REPL.
///
/// At most ``outputLimit`` bytes of output are kept: the rest is read and dropped (and
/// counted), so a handler that prints without end neither grows the REPL's memory nor blocks on
/// a full pipe.
enum ShellCommand {
    /// The most output kept from one run of a handler; the rest is dropped and counted.
    static let outputLimit = 1 << 20

    struct Result: Sendable {
        /// What it printed (stdout and stderr), at most ``outputLimit`` bytes of it.
        var output: String
        var status: Int32
        /// Bytes printed beyond ``outputLimit``, read and dropped.
        var droppedBytes = 0
    }

    /// - Parameters:
    ///   - groups: where the shell's process group is kept while anything in it runs.
    ///   - owner: the handler's number, under which `groups` keeps it.
    ///   - limit: the most output kept (tests lower it).
    static func run(
        _ line: String, input: String, environment: [String: String], groups: ProcessGroups? = nil, owner: Int = 0,
        limit: Int = outputLimit
    ) async throws -> Result {
        let child = try Child.spawn(line, environment: environment)
        groups?.add(child.pid, owner: owner)
        defer { groups?.forgetIfEmpty(child.pid) }
        child.deliver(Data(input.utf8))
        let stop = Locked(false)  // raised when the handler's task is cancelled
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: child.wait(stop: stop, limit: limit))
                }
                thread.start()
            }
        } onCancel: {
            stop.withLock { $0 = true }
        }
    }

    /// A spawned shell: its pid (also its process group) and the parent's ends of its pipes.
    private struct Child: Sendable {
        let pid: pid_t
        let input: Int32
        let output: Int32

        static func spawn(_ line: String, environment: [String: String]) throws -> Child {
            var stdinPipe: [Int32] = [-1, -1], stdoutPipe: [Int32] = [-1, -1]
            // stdin is a socket pair, not a pipe: `send(MSG_NOSIGNAL)` to a shell that exited
            // without reading gives EPIPE instead of killing this process with SIGPIPE.
            guard socketpair(AF_UNIX, streamSocket, 0, &stdinPipe) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            #if canImport(Darwin)
            var on: Int32 = 1
            setsockopt(stdinPipe[1], SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
            #endif
            guard pipe(&stdoutPipe) == 0 else {
                close(stdinPipe[0])
                close(stdinPipe[1])
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            // Not inherited by other children this process starts (the dup2s below clear it for the shell).
            for fd in stdinPipe + stdoutPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            defer {
                close(stdinPipe[0])
                close(stdoutPipe[1])
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
            posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 2)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var defaults = sigset_t()
            sigemptyset(&defaults)
            sigaddset(&defaults, SIGPIPE)
            sigaddset(&defaults, SIGINT)
            var noMask = sigset_t()
            sigemptyset(&noMask)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setsigmask(&attributes, &noMask)
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
            let words: [String] = ["/bin/sh", "-c", line]
            let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            let variables: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                for pointer in arguments { free(pointer) }
                for pointer in variables { free(pointer) }
            }
            var pid: pid_t = 0
            let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments, variables)
            guard status == 0 else {
                close(stdinPipe[1])
                close(stdoutPipe[0])
                throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO)
            }
            return Child(pid: pid, input: stdinPipe[1], output: stdoutPipe[0])
        }

        /// Writes what fits in the pipe without blocking (a change is small), then closes stdin.
        func deliver(_ data: Data) {
            _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
            data.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = send(input, bytes.baseAddress! + offset, bytes.count - offset, noSignal)
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(input)
        }

        /// Reads output until the shell exits (then briefly, for the last bytes), killing its
        /// group when stopped; keeps the first `limit` bytes and counts the rest. Blocks: call
        /// it on a thread of its own.
        func wait(stop: Locked<Bool>, limit: Int) -> Result {
            var collected = Data()
            var dropped = 0
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var exitStatus: Int32?
            var killed = false
            var outputOpen = true
            var graceEnd: ContinuousClock.Instant?
            while true {
                if outputOpen {
                    var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
                    if poll(&descriptor, 1, 20) > 0 {
                        let count = read(output, &buffer, buffer.count)
                        if count > 0 {
                            let kept = max(0, min(count, limit - collected.count))
                            collected.append(contentsOf: buffer[0..<kept])
                            dropped += count - kept
                        } else if count == 0 {
                            outputOpen = false
                        }
                    }
                } else {
                    usleep(20_000)
                }
                if let graceEnd {
                    if !outputOpen || ContinuousClock.now >= graceEnd { break }
                    continue
                }
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    exitStatus = ShellCommand.decode(status)
                    graceEnd = ContinuousClock.now + .milliseconds(200)
                } else if !killed, stop.withLock({ $0 }) {
                    killed = true
                    kill(-pid, SIGKILL)
                }
            }
            close(output)
            if dropped > 0 {
                // Cut on a character boundary: drop a trailing partial UTF-8 sequence.
                var end = collected.count
                var back = 0
                while end > 0, back < 3, collected[end - 1] & 0xC0 == 0x80 {
                    end -= 1
                    back += 1
                }
                let lead = end > 0 ? collected[end - 1] : 0
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                if lead >= 0xC0, back + 1 < length {
                    dropped += collected.count - (end - 1)
                    collected = collected.prefix(end - 1)
                }
            }
            return Result(output: String(decoding: collected, as: UTF8.self), status: exitStatus ?? -1, droppedBytes: dropped)
        }
    }

    /// The exit code, or 128 + the signal that ended it, as shells report it.
    static func decode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
