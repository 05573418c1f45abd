import Foundation
import SpidHandlerKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends every change it gets to a file, one JSON document per line (JSON Lines), and makes
/// each line durable (fsync) before returning.
///
/// Options: `path=FILE` (required; created if missing), `fsync=off` to skip the fsync.
/// Several instances, or several processes, may append to one file: each line is written with
/// one `write` under an exclusive `flock`, to a file opened with `O_APPEND`, so lines never mix.
struct JSONLinesHandler: SpidHandler {
    static let name = "jsonl"
    static let summary = "Appends every change as a JSON line to a file (path=FILE), fsync'd"

    private let host: HandlerHost
    private var path: String?
    private var descriptor: Int32 = -1
    private var syncs = true

    init(host: HandlerHost) throws {
        self.host = host
    }

    mutating func configure(key: String, value: String) throws {
        switch key {
        case "path":
            guard !value.isEmpty else { throw HandlerError("path needs a file name: path=changes.jsonl") }
            let opened = open(value, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw HandlerError("cannot open \(value): \(String(cString: strerror(errno)))") }
            if descriptor >= 0 { closeDescriptor(descriptor) }
            descriptor = opened
            path = value
        case "fsync":
            switch value.lowercased() {
            case "on", "true", "yes", "1": syncs = true
            case "off", "false", "no", "0": syncs = false
            default: throw HandlerError("fsync is on or off, not \(value)")
            }
        default:
            throw HandlerError("jsonl has no option \(key) (options: path=FILE, fsync=on|off)")
        }
    }

    mutating func handle(_ change: ChangeEvent) throws {
        guard descriptor >= 0 else { throw HandlerError("no file yet: load the module with path=FILE") }
        let line = Array((change.document.jsonText() + "\n").utf8)
        guard flock(descriptor, LOCK_EX) == 0 else { throw failure("lock") }
        defer { _ = flock(descriptor, LOCK_UN) }
        var written = 0
        while written < line.count {
            let count = line[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("write to")
            }
            written += count
        }
        if syncs, fsync(descriptor) != 0 { throw failure("fsync") }
    }

    mutating func close() {
        if descriptor >= 0 { closeDescriptor(descriptor) }
        descriptor = -1
    }

    private func failure(_ action: String) -> HandlerError {
        HandlerError("cannot \(action) \(path ?? "the file"): \(String(cString: strerror(errno)))")
    }
}

/// `close(2)`, which the handler's own `close()` hides inside the type.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

@_cdecl("spid_handler_entry")
public func spidHandlerEntry(_ hostABI: UInt32) -> UnsafeRawPointer? { SpidHandlerExport.entry(JSONLinesHandler.self) }
