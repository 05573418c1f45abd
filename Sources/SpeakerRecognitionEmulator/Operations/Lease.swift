import Foundation

/// A worker's hold on an unfinished operation: only the holder may change it, and only until
/// `expires`, which the holder pushes on while it works. A worker that dies stops renewing, so
/// another takes the operation up when the lease lapses.
package struct Lease: Sendable, Hashable {
    /// Names this hold alone: a lapsed and retaken operation gets a new token.
    package var token: UUID
    package var expires: Date

    package init(token: UUID, expires: Date) {
        self.token = token
        self.expires = expires
    }
}
