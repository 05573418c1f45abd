import Foundation
import SpeakerRecognition

extension REPLSession {
    /// Makes `connection` current and starts following its monitor's events.
    func use(_ connection: Connection) async {
        self.connection = connection
        if let emulator = connection.emulator { await emulator.start() }
        let events = await connection.monitor.events()
        eventTask = Task { [weak self] in
            for await event in events { await self?.observe(event) }
        }
    }

    /// Ends watching and the embedded service of the current connection. The monitor's last
    /// reports (a handler that timed out) are printed before this returns.
    func close() async {
        guard let connection else { return }
        await connection.monitor.shutdown()
        await eventTask?.value
        eventTask = nil
        if let emulator = connection.emulator { await emulator.shutdown() }
        self.connection = nil
    }

    func requireConnection() throws(REPLError) -> Connection {
        guard let connection else { throw REPLError("not connected; use `connect local` or `connect URL key KEY`") }
        return connection
    }

    /// Runs a client call, turning its error into one line that starts with `action`.
    func call<Value: Sendable>(
        _ action: String? = nil, _ body: (SpeakerRecognitionClient) async throws(SpidError) -> Value
    ) async throws(REPLError) -> Value {
        let client = try requireConnection().client
        do {
            return try await body(client)
        } catch {
            if error.stage == .cancelled || Task.isCancelled { throw REPLError("\(action ?? "the request") was interrupted") }
            throw REPLError(error, doing: action)
        }
    }

    /// What the monitor reports: status changes update `ops` and fire handlers.
    func observe(_ event: MonitorEvent) {
        switch event {
        case .changed(let change):
            operations.observe(change.snapshot, at: change.location)
        case .ended(let location, .success(let snapshot)):
            operations.observe(snapshot, at: location)
        case .ended(let location, .failure(let error)):
            guard error.stage != .cancelled, error.stage != .operationFailed else { return }
            operations.markGone(at: location, reason: REPLError(error).message)
        case .handlerTimedOut(_, let handler, let timeout):
            report(
                REPLError("it ran past \(DurationText.format(timeout)) and was stopped (set handler-timeout D)"),
                prefix: "error: handler \(handler): ")
        case .handlerFailed(_, let handler, let message):
            report(REPLError(message), prefix: "error: handler \(handler): ")
        case .unknownStatus, .retrying:
            break
        }
    }
}
