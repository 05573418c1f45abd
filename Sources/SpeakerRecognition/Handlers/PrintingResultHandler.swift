import Foundation

/// The default ``ResultHandler``: writes one line per change, e.g.
/// `enrollment 3f2a…: running → succeeded (Enrolled, 12.4 s of speech, 17.6 s remaining)`.
public struct PrintingResultHandler: ResultHandler {
    private let write: @Sendable (String) -> Void

    /// Writes to standard output unless given another sink.
    public init(
        write: @escaping @Sendable (String) -> Void = { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    ) {
        self.write = write
    }

    public func handle(_ change: StatusChange) async throws {
        write(Self.line(for: change))
    }

    /// The line written for `change`.
    public static func line(for change: StatusChange) -> String {
        let name = change.location.operationId?.description ?? change.location.url.absoluteString
        var line = "\(change.kind.map { "\($0) " } ?? "")\(name): \(change.previous.map { "\($0) → " } ?? "")\(change.current)"
        switch change.snapshot.processingResult {
        case let .enrollment(result)?:
            line +=
                " (\(result.enrollmentStatus), \(seconds(result.speechTime)) of speech, \(seconds(result.remainingEnrollmentSpeechTime)) remaining)"
        case let .identification(result)?:
            line +=
                result.identifiedProfile.map { " (identified \($0), confidence \(result.confidence))" }
                ?? " (nobody identified, confidence \(result.confidence))"
        case .unknown?, nil:
            if let message = change.snapshot.message { line += " (\(message))" }
        }
        return line
    }

    private static func seconds(_ value: Double) -> String {
        String(format: "%.1f s", value)
    }
}
