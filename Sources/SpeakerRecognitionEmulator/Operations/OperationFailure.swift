import Foundation

/// The `message` of a failed operation.
package struct OperationFailure: Error, Sendable, Hashable {
    package var message: String
    package init(_ message: String) { self.message = message }
    package static let speakerInvalid = OperationFailure("SpeakerInvalid")
}
