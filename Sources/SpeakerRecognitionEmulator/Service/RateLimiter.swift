import Foundation

/// Requests per minute per key, counted over a sliding 60-second window.
struct RateLimiter: Sendable {
    let limit: Int
    private var history: [String: [Date]] = [:]

    init(limit: Int) { self.limit = limit }

    /// Records a request by `key` at `now`; returns the seconds to wait when it is over the limit.
    mutating func admit(_ key: String, at now: Date) -> Int? {
        let windowStart = now.addingTimeInterval(-60)
        var times = history[key, default: []].filter { $0 > windowStart }
        defer { history[key] = times }
        guard times.count < limit else {
            let wait = times[0].timeIntervalSince(windowStart)
            return max(1, Int(wait.rounded(.up)))
        }
        times.append(now)
        return nil
    }
}
