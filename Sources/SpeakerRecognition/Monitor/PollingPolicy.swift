/// When a watch polls, how it backs off, and when it gives up.
///
/// The defaults suit the hosted service and the emulator: the first poll 1 s after the 202 (or
/// after the 202's `Retry-After`), then every 1 s growing by half each time up to 15 s, ±10 %
/// jitter. Every `Retry-After` the service sends is honoured, clamped to
/// ``minimumDelay``…``maximumRetryAfter`` so a broken value can neither spin nor stall. 429, 5xx
/// and transport errors are retried ``maximumRetries`` times with doubling waits; a watch ends
/// after ``maximumWait`` with a timeout that carries the last snapshot and a resume token.
public struct PollingPolicy: Sendable, Hashable {
    /// Before the first poll, when the 202 gave no `Retry-After`.
    public var initialDelay: Duration
    /// Between polls, before backoff.
    public var interval: Duration
    /// Each interval is the previous one times this (1 for a fixed interval).
    public var backoffMultiplier: Double
    /// The longest interval backoff reaches.
    public var maximumInterval: Duration
    /// Each wait is moved randomly by up to this fraction, so many watches do not poll in step.
    public var jitter: Double
    /// No wait is shorter, whatever the service asks (`Retry-After: 0` must not spin).
    public var minimumDelay: Duration
    /// No `Retry-After` is honoured beyond this.
    public var maximumRetryAfter: Duration
    /// How long a watch may last; `nil` for no limit (an unknown status could then poll forever).
    public var maximumWait: Duration?
    /// Consecutive 429, 5xx or transport failures tolerated before the watch ends with the error.
    public var maximumRetries: Int
    /// The wait after the first failure; it doubles with each further one, up to ``maximumInterval``.
    public var retryBackoff: Duration

    public init(
        initialDelay: Duration = .seconds(1), interval: Duration = .seconds(1), backoffMultiplier: Double = 1.5,
        maximumInterval: Duration = .seconds(15), jitter: Double = 0.1, minimumDelay: Duration = .milliseconds(100),
        maximumRetryAfter: Duration = .seconds(60), maximumWait: Duration? = .seconds(600), maximumRetries: Int = 5,
        retryBackoff: Duration = .seconds(1)
    ) {
        self.initialDelay = initialDelay
        self.interval = interval
        self.backoffMultiplier = backoffMultiplier
        self.maximumInterval = maximumInterval
        self.jitter = jitter
        self.minimumDelay = minimumDelay
        self.maximumRetryAfter = maximumRetryAfter
        self.maximumWait = maximumWait
        self.maximumRetries = maximumRetries
        self.retryBackoff = retryBackoff
    }

    /// The wait a service asked for, kept within ``minimumDelay``…``maximumRetryAfter``.
    public func clamped(_ requested: Duration) -> Duration {
        min(max(requested, minimumDelay), max(maximumRetryAfter, minimumDelay))
    }

    /// The interval after `polls` successful polls (0 for the first), before jitter.
    public func interval(afterPolls polls: Int) -> Duration {
        var value = interval
        guard backoffMultiplier > 1 else { return max(min(value, maximumInterval), minimumDelay) }
        for _ in 0..<min(max(0, polls), 64) {
            value = value * backoffMultiplier
            if value >= maximumInterval { return max(maximumInterval, minimumDelay) }
        }
        return max(min(value, maximumInterval), minimumDelay)
    }

    /// The wait after `failures` consecutive failures (1 for the first).
    public func retryDelay(afterFailures failures: Int) -> Duration {
        var value = retryBackoff
        for _ in 1..<min(max(1, failures), 64) {
            value = value * 2
            if value >= maximumInterval { return max(maximumInterval, minimumDelay) }
        }
        return max(min(value, maximumInterval), minimumDelay)
    }

    /// The wait before trying again after `error`, the `failures`-th failure in a row (1 for the
    /// first): the response's `Retry-After` (clamped) or the backoff. `nil` when the error is not
    /// worth another try (401, 404, a decoding error) or the retries are used up.
    public func retryDelay(after error: SpidError, failures: Int) -> Duration? {
        guard OperationMonitor.isRetryable(error), failures <= maximumRetries else { return nil }
        return error.retryAfter.map(clamped) ?? retryDelay(afterFailures: failures)
    }

    /// `delay` moved by up to ±``jitter`` using `random`, never below ``minimumDelay``.
    public func jittered(_ delay: Duration, using random: inout some RandomNumberGenerator) -> Duration {
        guard jitter > 0 else { return delay }
        let factor = 1 + Double.random(in: -jitter...jitter, using: &random)
        return max(delay * factor, minimumDelay)
    }
}
