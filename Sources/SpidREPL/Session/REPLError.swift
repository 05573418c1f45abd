import SpeakerRecognition

/// A command's failure as the REPL reports it: one line that says what was wrong and what to do,
/// and the command's usage when it was called wrongly.
public struct REPLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// The usage lines of the command that was called wrongly.
    public var usage: [String]

    public init(_ message: String, usage: [String] = []) {
        self.message = message
        self.usage = usage
    }

    public var description: String { message }

    /// One line for a `SpidError`: the service's status, code and message where there is one.
    public init(_ error: SpidError, doing action: String? = nil) {
        let prefix = action.map { "\($0): " } ?? ""
        switch error.stage {
        case .httpStatus:
            let status = error.statusCode.map { "\($0) \(HTTPStatusText.phrase(for: $0))" } ?? "an HTTP error"
            var text = "\(prefix)the service answered \(status)"
            if let detail = error.serviceError { text += ": \(detail.code): \(detail.message)" }
            if error.serviceError?.message.localizedCaseInsensitiveContains("audio format") == true {
                text += " (the service takes WAV: PCM, 16 kHz, 16-bit, mono; convert with sox IN -r 16000 -c 1 -b 16 OUT.wav)"
            } else if error.statusCode == 401 {
                text += " (check the key: `connect URL key KEY`, --key-file or SPID_KEY)"
            } else if error.statusCode == 429 {
                let wait = error.retryAfter.map { "retry after \(DurationText.format($0))" } ?? "retry later"
                text += " (\(wait))"
            }
            self.init(text)
        case .transport:
            let host = error.context.map { "\($0.url.scheme ?? "http")://\($0.url.host ?? "")\($0.url.port.map { ":\($0)" } ?? "")" }
            self.init("\(prefix)cannot reach \(host ?? "the service"): \(error.message) (check the endpoint, or `connect local`)")
        case .operationFailed:
            self.init("\(prefix)the operation failed: \(error.message)")
        case .operationGone:
            self.init("\(prefix)\(error.message)")
        default:
            self.init("\(prefix)\(error.message)")
        }
    }
}
