import Foundation
import NIOConcurrencyHelpers
import SpeakerEngines
import SpeakerRecognitionEmulator

/// Decides, per request, whether `--fail-rate` makes it fail and how: a 500, a 503 with
/// `Retry-After`, or a dropped connection. Faults are injected before the emulator sees the
/// request, so a client that retries loses nothing.
final class FaultInjector: Sendable {
    enum Fault: Sendable { case internalError, unavailable, dropConnection }

    let rate: Double
    private let random: NIOLockedValueBox<SeededRandom>

    init(rate: Double, seed: UInt64) {
        self.rate = rate
        random = NIOLockedValueBox(SeededRandom(seed: seed))
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
}
