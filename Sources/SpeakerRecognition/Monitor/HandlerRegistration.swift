/// Which operations a handler listens to.
public enum HandlerScope: Sendable, Hashable {
    case operation(OperationLocation)
    case kind(OperationKind)
    case all

    func contains(_ location: OperationLocation, kind: OperationKind?) -> Bool {
        switch self {
        case .operation(let wanted): wanted == location
        case .kind(let wanted): wanted == kind
        case .all: true
        }
    }
}

/// Which changes fire a handler.
public enum HandlerTrigger: Sendable, Hashable {
    /// Every change, the first observation included (`nil` → `notstarted`).
    case everyChange
    /// Changes to one of these statuses.
    case statuses(Set<OperationStatus>)
    /// The end: `succeeded` or `failed` (fires once).
    case terminal
    /// A succeeded enrollment whose result carries this enrollment status (`Enrolled`).
    case enrollmentStatus(EnrollmentStatus)

    func fires(for change: StatusChange) -> Bool {
        switch self {
        case .everyChange: true
        case .statuses(let wanted): wanted.contains(change.current)
        case .terminal: change.current.isTerminal
        case .enrollmentStatus(let wanted):
            change.current == .succeeded && change.snapshot.enrollmentResult?.enrollmentStatus == wanted
        }
    }
}

/// Identifies a registered handler, to remove it.
public struct HandlerToken: Sendable, Hashable, CustomStringConvertible {
    public let value: Int
    public var description: String { "#\(value)" }
}

/// One registered handler.
struct HandlerRegistration: Sendable {
    let token: HandlerToken
    let name: String
    let handler: any ResultHandler
    let scope: HandlerScope
    let trigger: HandlerTrigger
    let timeout: Duration

    func wants(_ change: StatusChange) -> Bool {
        scope.contains(change.location, kind: change.kind) && trigger.fires(for: change)
    }
}
