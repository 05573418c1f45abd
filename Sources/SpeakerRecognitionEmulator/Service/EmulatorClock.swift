import Foundation

/// Where the emulator reads the time: timestamps, the 24-hour retention, the rate limit.
///
/// Inject one to test expiry without waiting a day. Processing delays still sleep in real time.
public protocol EmulatorClock: Sendable {
    func now() -> Date
}

/// The system's wall clock.
public struct SystemEmulatorClock: EmulatorClock {
    public init() {}
    public func now() -> Date { Date() }
}
