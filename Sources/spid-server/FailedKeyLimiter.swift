import Foundation
import NIOConcurrencyHelpers

/// Counts wrong or missing keys per client address over the last minute, so key guessing is
/// not free: past the limit, that address gets 429 `RateLimitExceeded` on every request until
/// its oldest failure leaves the window. A blocked address is refused even with a good key, or a
/// guess that happened to be right would get through.
final class FailedKeyLimiter: Sendable {
    /// Failures allowed per address per minute.
    let limit: Int
    /// Addresses remembered at most: past it the expired ones are forgotten, then a tenth more,
    /// so a flood from many addresses cannot grow memory (or the cost of a request) without bound.
    let maximumAddresses: Int
    private let failures = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int, maximumAddresses: Int = 10_000) {
        self.limit = limit
        self.maximumAddresses = maximumAddresses
    }

    /// Seconds `address` must wait before it is heard again; `nil` when it is not blocked.
    func wait(for address: String, now: Date = Date()) -> Int? {
        failures.withLockedValue { failures in
            let windowStart = now.addingTimeInterval(-60)
            guard let times = failures[address]?.filter({ $0 > windowStart }), times.count >= limit else { return nil }
            return max(1, Int(times[times.count - limit].timeIntervalSince(windowStart).rounded(.up)))
        }
    }

    /// Records one wrong or missing key from `address`.
    func recordFailure(from address: String, now: Date = Date()) {
        failures.withLockedValue { failures in
            let windowStart = now.addingTimeInterval(-60)
            var times = failures[address, default: []].filter { $0 > windowStart }
            times.append(now)
            failures[address] = Array(times.suffix(limit))
            if failures.count > maximumAddresses {
                failures = failures.filter { ($0.value.last ?? .distantPast) > windowStart }
                if failures.count > maximumAddresses {
                    let forgotten = Array(failures.keys.prefix(failures.count - maximumAddresses + maximumAddresses / 10))
                    for key in forgotten { failures[key] = nil }
                }
            }
        }
    }
}
