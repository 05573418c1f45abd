import CSpidHandler

/// The host a module runs in: its name, and a way to write a line to its output.
public struct HandlerHost: Sendable {
    /// The host's `spid_host_v1`, as an address: the host keeps it for the life of the process.
    private let address: UInt

    init(_ host: UnsafePointer<spid_host_v1>) { address = UInt(bitPattern: host) }

    private var host: UnsafePointer<spid_host_v1> { UnsafePointer(bitPattern: address)! }

    /// The host's name and version, e.g. `spid 0.7.0`.
    public var name: String { host.pointee.host_name.map { String(cString: $0) } ?? "unknown host" }

    /// Log levels of ``log(_:level:)``.
    public enum Level: Int32, Sendable {
        case debug = 0, info, warning, error
    }

    /// Writes a line through the host (spid-repl prints it as `module NAME: …`). Safe from any thread.
    public func log(_ message: String, level: Level = .info) {
        guard let log = host.pointee.log else { return }
        log(host.pointee.host_ctx, level.rawValue, message)
    }
}
