import SpeakerRecognition

/// A handler registered with `on`: when an operation in its scope changes as its event says,
/// it runs a REPL command or a shell command.
struct REPLHandler: Sendable {
    enum Action: Sendable, Hashable {
        /// A REPL line, run with the changed operation as the default OP.
        case command(String)
        /// A `/bin/sh -c` command line, given the change as JSON on stdin.
        case shell(String)
    }

    let number: Int
    let event: String
    /// An operation's session name, or `nil` for every operation.
    let operation: String?
    let location: OperationLocation?
    let action: Action

    /// Whether `change` (of the operation at `location`) is one this handler listens for.
    func fires(for change: StatusChange) -> Bool {
        if let location, location != change.location { return false }
        return Self.event(event, matches: change)
    }

    static func event(_ event: String, matches change: StatusChange) -> Bool {
        switch event {
        case "change": true
        case "done": change.current.isTerminal
        case "enrolled": change.current == .succeeded && change.snapshot.enrollmentResult?.enrollmentStatus == .enrolled
        default: change.current.wireValue.lowercased() == event
        }
    }

    /// How `handlers` lists it.
    var description: String {
        let scope = operation ?? "all"
        switch action {
        case .command(let line): return "on \(event) \(scope) do \(line)"
        case .shell(let line): return "on \(event) \(scope) exec \(line)"
        }
    }
}
