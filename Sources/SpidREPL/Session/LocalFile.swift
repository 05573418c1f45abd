import Foundation

#if canImport(Glibc)
import Glibc

private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin

private let systemRead = Darwin.read
#endif

/// Reads a file a person named (audio, an operation document, a script), with one clear line
/// for each way that can go wrong, before anything is read into memory.
///
/// The file's type is checked with `stat` before it is opened, so a device (`/dev/zero`), a
/// FIFO or a socket is refused by name instead of being read without end or blocking the REPL.
/// It is then opened without blocking and checked again on the open descriptor, so a file
/// swapped in between cannot slip through, and never more than `limit` bytes are read.
enum LocalFile {
    /// - Parameters:
    ///   - what: the noun for messages: `file`, `script`.
    ///   - limit: the largest size that makes sense for it, in bytes.
    ///   - hint: added when the file does not exist.
    static func read(_ url: URL, named name: String, what: String = "file", limit: Int, hint: String? = nil) throws(REPLError) -> Data {
        let path = url.path
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                throw REPLError("no such \(what): \(name)" + (hint.map { " (\($0))" } ?? ""))
            }
            throw failure(code, name: name, what: what)
        }
        try checkType(info, name: name, what: what, limit: limit)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno, name: name, what: what) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { throw failure(errno, name: name, what: what) }
        try checkType(info, name: name, what: what, limit: limit)
        return try readAll(descriptor, expected: Int(info.st_size), name: name, what: what, limit: limit)
    }

    /// Refuses anything but a regular file of at most `limit` bytes, naming what it is.
    private static func checkType(_ info: stat, name: String, what: String, limit: Int) throws(REPLError) {
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            let size = Int(info.st_size)
            guard size <= limit else { throw tooLarge(name, size: size, what: what, limit: limit) }
        case S_IFDIR:
            throw REPLError("\(name) is a folder, not a \(what); name a file in it")
        case S_IFCHR, S_IFBLK:
            throw REPLError("\(name) is a device, not a \(what); name a regular file")
        case S_IFIFO:
            throw REPLError(
                "\(name) is a FIFO (a named pipe), not a \(what): reading it would wait for a writer; save what it carries to a file and name that"
            )
        case S_IFSOCK:
            throw REPLError("\(name) is a socket, not a \(what); name a regular file")
        default:
            throw REPLError("\(name) is not a regular file; name a regular \(what)")
        }
    }

    /// Reads to the end, failing past `limit` (a file that grew since `stat`).
    private static func readAll(_ descriptor: Int32, expected: Int, name: String, what: String, limit: Int) throws(REPLError) -> Data {
        var data = Data(count: min(expected, limit) + 1)
        var filled = 0
        while true {
            if filled == data.count {
                guard data.count <= limit else { throw tooLarge(name, size: filled, what: what, limit: limit) }
                data.count = min(limit + 1, max(data.count * 2, 64 * 1024))
            }
            let count = data.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count == 0 { break }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw failure(code, name: name, what: what)
            }
            filled += count
            guard filled <= limit else { throw tooLarge(name, size: filled, what: what, limit: limit) }
        }
        data.count = filled
        return data
    }

    private static func tooLarge(_ name: String, size: Int, what: String, limit: Int) -> REPLError {
        REPLError(
            "\(name) is \(ByteCountText.format(size)); a \(what) here may be at most \(ByteCountText.format(limit)) (is it the right \(what)?)"
        )
    }

    /// One line for a failed `stat`, `open` or `read`.
    private static func failure(_ code: Int32, name: String, what: String) -> REPLError {
        switch code {
        case EACCES, EPERM:
            REPLError("\(name) is not readable: permission denied; check its permissions and its folders' (ls -l)")
        case ELOOP:
            REPLError("\(name) is a loop of symbolic links; name the \(what) itself")
        case ENAMETOOLONG:
            REPLError("the path \(name) is too long; name a shorter path")
        case EISDIR:
            REPLError("\(name) is a folder, not a \(what); name a file in it")
        case EAGAIN:
            REPLError("\(name) has nothing to read yet (not a regular \(what)?); name a regular file")
        default:
            REPLError("cannot read \(name): \(String(cString: strerror(code)))")
        }
    }
}
