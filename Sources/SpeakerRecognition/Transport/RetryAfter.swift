import Foundation

/// Reads how long a server asked the client to wait: `retry-after-ms`, then `Retry-After` as
/// integer (or decimal) seconds or as an HTTP-date.
public enum RetryAfter {
    /// The requested wait, or `nil` when the headers ask for none or say something unreadable.
    /// A date in the past reads as zero. No clamping here: callers apply their own bounds.
    public static func parse(_ headers: TransportHeaders, now: Date = Date()) -> Duration? {
        if let milliseconds = headers["retry-after-ms"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
            milliseconds.isFinite, milliseconds >= 0
        {
            return .milliseconds(Int64(min(milliseconds, 1e12)))
        }
        guard let value = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) {
            guard seconds.isFinite, seconds >= 0 else { return nil }
            return .milliseconds(Int64(min(seconds, 1e9) * 1000))
        }
        guard let date = httpDate(value) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }

    /// Parses an IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`), the form RFC 9110 requires senders to use.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE',' dd MMM yyyy HH':'mm':'ss zzz"
        return formatter.date(from: text)
    }
}
