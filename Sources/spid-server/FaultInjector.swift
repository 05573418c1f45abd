import Foundation
import NIOConcurrencyHelpers

/// Decides, per request, whether `--fail-rate` makes it fail and how: a 500, a 503 with
/// `Retry-After`, or a dropped connection. Faults are injected before the emulator sees the
/// request, so a client that retries loses nothing.
final class FaultInjector: Sendable {
    enum Fault: Sendable { case internalError, unavailable, dropConnection }

    let rate: Double
    private let random: NIOLockedValueBox<RandomSource>

    init(rate: Double, seed: UInt64) {
        self.rate = rate
        random = NIOLockedValueBox(RandomSource(state: seed))
    }

    func next() -> Fault? {
        guard rate > 0 else { return nil }
        return random.withLockedValue { random in
            guard Double(random.next() >> 11) / Double(1 << 53) < rate else { return nil }
            switch random.next() % 3 {
            case 0: return .internalError
            case 1: return .unavailable
            default: return .dropConnection
            }
        }
    }

    /// SplitMix64, seeded so a fault sequence can be replayed with `--seed`.
    struct RandomSource: Sendable {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }
}
