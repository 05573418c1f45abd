import Foundation

/// A store's error for "the storage cannot be reached now" (a database restarting, a lost
/// connection), as against a write it refused. The service answers it with 503 and
/// `Retry-After`, so clients come back instead of giving up.
package struct StoreUnavailable: Error, CustomStringConvertible {
    package var reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { "storage unavailable: \(reason)" }
}
