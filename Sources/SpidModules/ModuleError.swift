import SpeakerRecognition

/// Why a handler module could not be loaded, configured or called. Each message says what was
/// wrong and what to do.
public enum ModuleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No file at the path, and no module of that name on the search path.
    case notFound(String, searched: [String])
    /// dlopen refused the file (not a shared library, a missing dependency, an undefined symbol).
    case notALibrary(path: String, reason: String)
    /// The library does not export `spid_handler_entry`.
    case noEntryPoint(path: String)
    /// The module speaks another ABI version than the host.
    case abiMismatch(path: String, module: UInt32, host: UInt32)
    /// The table breaks the header's rules (no name, no `on_event`, too small).
    case invalidTable(path: String, reason: String)
    /// A Swift module built by another Swift, or against another SpidHandlerKit.
    case incompatibleBuild(path: String, reason: String)
    /// An instance name that is not letters, digits, `-` and `_`.
    case invalidName(String)
    /// An instance of that name is loaded already.
    case nameTaken(String)
    /// No loaded module has that name.
    case unknownModule(String, loaded: [String])
    /// A `key=value` word that is not one.
    case invalidOption(String)
    /// The module takes no options (its table has no `configure`).
    case notConfigurable(String)
    /// The module returned an error from one of its calls.
    case callFailed(module: String, call: String, message: String)
    /// The call did not return within the time limit; the module gets no calls until it does.
    case timedOut(module: String, call: String, limit: Duration)
    /// The module was still running an earlier call past its time limit, so this one was dropped.
    case busy(module: String, call: String, runningFor: Duration)
    /// The module crashed (the signal); it is disabled for the rest of the process.
    case crashed(module: String, call: String, signal: Int32)
    /// The module crashed or failed to start before; it takes no more calls.
    case disabled(module: String, reason: String)

    public var description: String {
        switch self {
        case let .notFound(path, searched):
            let places = searched.isEmpty ? "" : " (looked in \(searched.joined(separator: ", ")))"
            return "no handler module at \(path)\(places); give the path of a built .so, e.g. .build/debug/libJSONLinesHandler.so"
        case let .notALibrary(path, reason):
            return "cannot load \(path): \(reason)"
        case let .noEntryPoint(path):
            return "\(path) is not a spid handler module: it does not export spid_handler_entry (see spid_handler.h)"
        case let .abiMismatch(path, module, host):
            return "\(path) speaks handler ABI version \(module), this host speaks \(host): rebuild the module against this spid"
        case let .invalidTable(path, reason):
            return "\(path) is a broken handler module: \(reason)"
        case let .incompatibleBuild(path, reason):
            return "\(path) cannot be loaded here: \(reason); rebuild it with this spid's toolchain and sources"
        case let .invalidName(name):
            return "\"\(name)\" cannot name a module: use letters, digits, - and _ (at most 64)"
        case let .nameTaken(name):
            return "a module named \(name) is loaded already; load this one under another name (`as NAME`)"
        case let .unknownModule(name, loaded):
            return "no module named \(name)"
                + (loaded.isEmpty ? "; load one with `module load PATH`" : " (loaded: \(loaded.joined(separator: ", ")))")
        case let .invalidOption(word):
            return "\"\(word)\" is not an option: write KEY=VALUE"
        case let .notConfigurable(name):
            return "module \(name) takes no options"
        case let .callFailed(module, call, message):
            return "module \(module): \(call) failed: \(message)"
        case let .timedOut(module, call, limit):
            return "module \(module): \(call) did not return within \(limit.shortText); it gets no more changes until it does"
        case let .busy(module, call, runningFor):
            return "module \(module) is still in an earlier call (\(runningFor.shortText)); this \(call) was dropped"
        case let .crashed(module, call, signal):
            return
                "module \(module) crashed in \(call) (\(Self.signalName(signal))); it is disabled: fix it, then load it again under a new name or restart"
        case let .disabled(module, reason):
            return "module \(module) is disabled (\(reason)); load it again under a new name or restart"
        }
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case 4: "SIGILL: a trap, e.g. a Swift fatalError or a failed precondition"
        case 5: "SIGTRAP"
        case 6: "SIGABRT: abort()"
        case 7: "SIGBUS"
        case 8: "SIGFPE"
        case 11: "SIGSEGV: a bad memory access"
        default: "signal \(signal)"
        }
    }
}
