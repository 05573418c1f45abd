import Foundation

/// Where the emulator reads the time: timestamps, the 24-hour retention, the rate limit, when an
/// operation falls due and when a worker's lease lapses.
///
/// Inject one to test expiry without waiting a day. Workers still wait in real time, so a clock
/// that stands still suits a zero processing delay only.
public protocol EmulatorClock: Sendable {
    func now() -> Date
}

/// The system's wall clock.
public struct SystemEmulatorClock: EmulatorClock {
    public init() {}
    public func now() -> Date { Date() }
}
