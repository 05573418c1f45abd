import Foundation

/// Where a monitor reads the time and sleeps: inject one to test polling in zero wall time.
public protocol PollingClock: Sendable {
    func now() -> Date
    /// Sleeps for `duration`; throws `CancellationError` at once when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The system's clock and `Task.sleep`.
public struct SystemPollingClock: PollingClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
