import SpeakerRecognition

/// A handler registered with `on`: when an operation in its scope changes as its event says,
/// it runs a REPL command or a shell command. The session's monitor calls it, like any
/// ``ResultHandler``: in order per operation, stopped past its timeout.
struct REPLHandler: Sendable {
    enum Action: Sendable, Hashable {
        /// A REPL line, run with the changed operation as the default OP.
        case command(String)
        /// A `/bin/sh -c` command line, given the change as JSON on stdin; `passesKey` when the
        /// user asked (`exec --with-key`) for the subscription key in its `SPID_KEY`.
        case shell(String, passesKey: Bool = false)
        /// A loaded handler module, by instance name, given the same JSON.
        case module(String)
    }

    let number: Int
    let event: String
    /// An operation's session name, or `nil` for every operation.
    let operation: String?
    let location: OperationLocation?
    let action: Action
    /// Its registration with the current connection's monitor.
    var token: HandlerToken?

    /// The monitor's name for it, used in its reports: `#2 on done`.
    var label: String { "#\(number) on \(event)" }

    var scope: HandlerScope { location.map { .operation($0) } ?? .all }

    /// The monitor's rule for `event` (one of ``CommandCatalog/events``).
    var trigger: HandlerTrigger {
        switch event {
        case "change": .everyChange
        case "done": .terminal
        case "enrolled": .enrollmentStatus(.enrolled)
        default: .statuses([OperationStatus(wire: event)])
        }
    }

    /// How `handlers` lists it (a key in its command shows as `****`).
    var description: String {
        let scope = operation ?? "all"
        switch action {
        case .command(let line): return SecretMasking.maskingSecrets(in: "on \(event) \(scope) do \(line)")
        case .shell(let line, let passesKey): return "on \(event) \(scope) exec \(passesKey ? "--with-key " : "")\(line)"
        case .module(let name): return "on \(event) \(scope) module \(name)"
        }
    }
}
