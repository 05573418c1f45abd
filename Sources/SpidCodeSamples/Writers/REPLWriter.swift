/// A `spid-repl` command, run from the shell with `-c`; typed at the REPL's prompt it is the part
/// in quotes. Operations started are watched to their end, as the REPL is used.
enum REPLWriter: SampleWriter {
    static func code(for request: SampleRequest) -> String {
        let command = words(for: request.call, audioFile: request.audioFile).map(Literal.repl).joined(separator: " ")
        let watched = command + (request.call.startsOperation ? "; watch" : "")
        return """
            # \(request.title)
            # Run: SPID_KEY=\(request.keyVariable == "SPID_KEY" ? "your-key" : "\"$\(request.keyVariable)\"") sh \(SampleLanguage.repl.fileName), or at the spid-repl prompt after `connect \(request.origin)`: \(watched)
            spid-repl --endpoint \(Literal.shell(request.origin)) -c \(Literal.shell(watched))

            """
    }

    /// The command's words before quoting.
    static func words(for call: APICall, audioFile: String) -> [String] {
        func command(_ kind: APICall.ProfileKind) -> String { kind == .identification ? "profile" : "vprofile" }
        switch call {
        case .createProfile(let kind, let locale): return [command(kind), "create", locale]
        case .profile(let kind, let id): return [command(kind), "show", id]
        case .profiles(let kind): return [command(kind), "list"]
        case .deleteProfile(let kind, let id): return [command(kind), "delete", id]
        case .resetProfile(let kind, let id): return [command(kind), "reset", id]
        case .enroll(let kind, let id, let shortAudio):
            return ["enroll", id, audioFile] + (kind == .identification && shortAudio ? ["--short-audio"] : [])
        case .identify(let candidates, let shortAudio): return ["identify", audioFile] + candidates + (shortAudio ? ["--short-audio"] : [])
        case .verify(let id): return ["verify", id, audioFile]
        case .verificationPhrases(let locale): return ["phrases", locale]
        case .operationStatus(let id): return ["load", id]
        }
    }
}

extension APICall {
    /// `true` for the two requests answered by a 202 and an operation to watch.
    public var startsOperation: Bool {
        switch self {
        case .enroll(.identification, _, _), .identify: true
        default: false
        }
    }
}
