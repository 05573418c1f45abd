import SpeakerRecognition

/// The handlers `on` registered, numbered `#1`, `#2`, … for `handlers` and `off`.
struct HandlerTable: Sendable {
    /// Every handler, in the order added.
    private(set) var all: [REPLHandler] = []
    private var nextNumber = 1

    var isEmpty: Bool { all.isEmpty }
    var count: Int { all.count }

    /// Adds a handler with the next number; it has no monitor registration yet.
    mutating func add(event: String, operation: String?, location: OperationLocation?, action: REPLHandler.Action) -> REPLHandler {
        let handler = REPLHandler(number: nextNumber, event: event, operation: operation, location: location, action: action)
        nextNumber += 1
        all.append(handler)
        return handler
    }

    /// Records the handler's registration with the current monitor.
    mutating func setToken(_ token: HandlerToken?, for number: Int) {
        guard let position = all.firstIndex(where: { $0.number == number }) else { return }
        all[position].token = token
    }

    /// Removes handler `number` (`#` allowed in front); `nil` when there is none.
    mutating func remove(_ word: String) -> REPLHandler? {
        guard let number = Int(word.hasPrefix("#") ? String(word.dropFirst()) : word),
            let position = all.firstIndex(where: { $0.number == number })
        else { return nil }
        return all.remove(at: position)
    }

    /// Removes every handler; the ones removed.
    mutating func removeAll() -> [REPLHandler] {
        defer { all = [] }
        return all
    }

    /// Removes the handlers for one operation (a new connection drops its operations); the ones removed.
    mutating func removeOperationScoped() -> [REPLHandler] {
        let removed = all.filter { $0.operation != nil }
        all.removeAll { $0.operation != nil }
        return removed
    }
}
