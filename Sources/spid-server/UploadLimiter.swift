import NIOConcurrencyHelpers

/// Caps the uploads being read at once, so that memory for bodies in flight is bounded
/// (`--max-concurrent-uploads` × the upload limit) however many clients send audio together.
/// One more is answered 429 `RateLimitExceeded` with `Retry-After: 1` at once, before its body
/// is read.
final class UploadLimiter: Sendable {
    let maximum: Int
    private let reading = NIOLockedValueBox(0)

    init(maximum: Int) { self.maximum = maximum }

    /// Takes a place; `false` when all are taken.
    func enter() -> Bool {
        reading.withLockedValue { count in
            guard count < maximum else { return false }
            count += 1
            return true
        }
    }

    func leave() {
        reading.withLockedValue { $0 -= 1 }
    }
}
