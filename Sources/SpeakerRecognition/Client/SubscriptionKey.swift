import Foundation

/// The `Ocp-Apim-Subscription-Key`: a secret that never appears in a description, log or error.
///
/// Printing, interpolating, dumping or mirroring it shows `<redacted>`; only the client reads
/// ``secret`` to set the header.
public struct SubscriptionKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key itself. Read it only to put it in a request header.
    public let secret: String

    /// Wraps a key; throws when it is empty or holds characters a header cannot carry.
    public init(_ secret: String) throws(SpidError) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw SpidError(
                .invalidRequest,
                "the subscription key is empty; pass the key of your resource (or any key the local server was started with)")
        }
        guard trimmed.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value < 0x7F }) else {
            throw SpidError(
                .invalidRequest, "the subscription key holds spaces, control or non-ASCII characters; check that it was copied whole")
        }
        self.secret = trimmed
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "SubscriptionKey(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
