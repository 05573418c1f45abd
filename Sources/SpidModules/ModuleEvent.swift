/// Something a module did that no caller was waiting for: a line it logged, a failure of a call
/// made for a ``ModuleResultHandler``, a call that returned long after its time limit.
public enum ModuleEvent: Sendable, Hashable {
    /// The module wrote a line through the host's `log`.
    case log(module: String, level: ModuleLogLevel, message: String)
    /// A call made for a monitor's handler failed, timed out, crashed or was dropped.
    case failed(ModuleError)
    /// A call that ran past its time limit returned; the module takes changes again.
    case recovered(module: String, call: String, after: Duration)
}

/// The level of a module's log line (`SPID_LOG_*`).
public enum ModuleLogLevel: Int32, Sendable, Hashable, Comparable, CustomStringConvertible {
    case debug = 0, info, warning, error

    init(clamping raw: Int32) { self = ModuleLogLevel(rawValue: min(max(raw, 0), 3)) ?? .info }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }
}
