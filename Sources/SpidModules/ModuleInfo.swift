import SpeakerRecognition

/// A loaded module instance, as `modules` lists it.
public struct ModuleInfo: Sendable, Hashable {
    /// The instance's name: the module's own, or the one given with `as NAME`.
    public var name: String
    /// The name the module gives itself.
    public var moduleName: String
    public var description: String
    /// The library's resolved path.
    public var path: String
    /// `swift-6.3` for modules written in Swift, `nil` for C and the like.
    public var runtime: String?
    public var state: ModuleState
    /// Changes delivered, and how many of those failed (errors, timeouts, drops).
    public var deliveries: Int
    public var failures: Int
    /// The last failure's message.
    public var lastError: String?
    /// Whether the module takes `key=value` options.
    public var configurable: Bool
}

/// Whether an instance takes calls.
public enum ModuleState: Sendable, Hashable, CustomStringConvertible {
    case ready
    /// A call ran past its time limit and has not returned; new calls are dropped.
    case stuck(call: String, runningFor: Duration)
    /// It crashed, or failed to start; it takes no more calls.
    case disabled(reason: String)

    public var description: String {
        switch self {
        case .ready: "ready"
        case let .stuck(call, runningFor): "stuck in \(call) for \(runningFor.shortText)"
        case let .disabled(reason): "disabled: \(reason)"
        }
    }
}
