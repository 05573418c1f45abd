import SpeakerRecognition

/// Hands an `OperationMonitor`'s changes to a module instance (``ModuleHost/handler(for:event:)``).
///
/// It never throws: the module's failures, time-outs and crashes are reported once, through
/// ``ModuleHost/events()``, and the monitor goes on polling.
public struct ModuleResultHandler: ResultHandler {
    let host: ModuleHost
    /// The instance's name.
    public let module: String
    /// The rule that fired, passed to the module as `event`.
    public let event: String?

    public func handle(_ change: StatusChange) async throws {
        do {
            try await host.deliver(change, to: module, event: event)
        } catch {
            await host.report(error)
        }
    }
}
