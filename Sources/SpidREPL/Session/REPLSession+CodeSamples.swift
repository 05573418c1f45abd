import Foundation
import SpeakerRecognition
import SpidCodeSamples

/// Requests written as code (`code`, `show --as`): nothing is sent but, for `enroll`, a read of
/// the profile to learn its kind.
extension REPLSession {
    /// Where the samples send their requests: the endpoint, or for the embedded service (which has
    /// no URL) spid-server's default address.
    var sampleEndpoint: (endpoint: ServiceEndpoint, note: String?) {
        guard let connection, connection.isLocal else {
            return (connection?.client.endpoint ?? Self.embeddedStandIn, nil)
        }
        return (
            Self.embeddedStandIn,
            "(the embedded service has no URL: this calls spid-server at its default address, \(Self.embeddedStandIn.baseURL.absoluteString); run `spid-server --key KEY` to try it)"
        )
    }

    private static let embeddedStandIn = try! ServiceEndpoint("http://127.0.0.1:8080")

    /// The sample of an operation's status request.
    func sampleRequest(for operation: TrackedOperation) throws(REPLError) -> SampleRequest {
        guard let location = operation.location, let id = location.operationId else {
            throw REPLError("\(operation.name) was loaded from a file and has no Operation-Location to ask; load it by id or URL")
        }
        if let connection, !connection.isLocal, let parsed = try? APICall.parse(method: "GET", url: location.url.absoluteString) {
            return SampleRequest(parsed.call, endpoint: parsed.endpoint)
        }
        return SampleRequest(.operationStatus(id: id.description), endpoint: sampleEndpoint.endpoint)
    }

    /// The sample of a command's request: `words` are the command as typed after `code LANG`.
    func sampleRequest(command words: [String], shortAudio: Bool) async throws(REPLError) -> SampleRequest {
        let endpoint = sampleEndpoint.endpoint
        let name = words[0].lowercased()
        let rest = Array(words.dropFirst())
        func profileCall(_ kind: APICall.ProfileKind) throws(REPLError) -> APICall {
            let sub = rest.first?.lowercased() ?? ""
            switch (sub, rest.count) {
            case ("create", 1), ("create", 2): return .createProfile(kind, locale: rest.count == 2 ? rest[1] : "en-us")
            case ("list", 1): return .profiles(kind)
            case ("show", 2): return .profile(kind, id: try profileID(rest[1]).description)
            case ("delete", 2): return .deleteProfile(kind, id: try profileID(rest[1]).description)
            case ("reset", 2): return .resetProfile(kind, id: try profileID(rest[1]).description)
            default: throw REPLError("code \(name) takes create [LOCALE], list, or show|delete|reset PROFILE")
            }
        }
        switch CommandCatalog.commandType(named: name) {
        case is ProfileCommand.Type: return SampleRequest(try profileCall(.identification), endpoint: endpoint)
        case is VerificationProfileCommand.Type: return SampleRequest(try profileCall(.verification), endpoint: endpoint)
        case is EnrollCommand.Type:
            guard rest.count == 2 else { throw REPLError("code enroll takes a profile and a WAV file", usage: EnrollCommand.spec.usage) }
            let id = try profileID(rest[0])
            let kind: APICall.ProfileKind = try await kind(of: id) == .verification ? .verification : .identification
            return SampleRequest(.enroll(kind, id: id.description, shortAudio: shortAudio), endpoint: endpoint, audioFile: rest[1])
        case is IdentifyCommand.Type:
            guard rest.count >= 2 else { throw REPLError("code identify takes a WAV file and profiles", usage: IdentifyCommand.spec.usage) }
            let candidates = try rest.dropFirst().map { word throws(REPLError) in try profileID(word).description }
            return SampleRequest(.identify(candidates: candidates, shortAudio: shortAudio), endpoint: endpoint, audioFile: rest[0])
        case is VerifyCommand.Type:
            guard rest.count == 2 else { throw REPLError("code verify takes a profile and a WAV file", usage: VerifyCommand.spec.usage) }
            return SampleRequest(.verify(profile: try profileID(rest[0]).description), endpoint: endpoint, audioFile: rest[1])
        case is PhrasesCommand.Type:
            guard rest.count <= 1 else { throw REPLError("code phrases takes at most a locale", usage: PhrasesCommand.spec.usage) }
            return SampleRequest(.verificationPhrases(locale: rest.first ?? "en-us"), endpoint: endpoint)
        default:
            throw REPLError(
                "code writes the requests of profile, vprofile, enroll, identify, verify and phrases, or an operation's status (code LANG [OP]); `\(words[0])` is none of them"
            )
        }
    }

    /// The outcome that prints a sample: its lines (after a note for the embedded service), the
    /// JSON `{"language", "code"}`, and the code as the bound value.
    func sampleOutcome(_ request: SampleRequest, in language: SampleLanguage) -> Outcome {
        let sample = CodeSample(request, in: language)
        var lines = sampleEndpoint.note.map { [$0] } ?? []
        lines += sample.code.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        return .init(
            lines: lines, json: ["language": .string(language.rawValue), "code": .string(sample.code)], value: .text(sample.code))
    }

    /// A language's name as typed, or an error that lists them.
    static func sampleLanguage(_ word: String) throws(REPLError) -> SampleLanguage {
        guard let language = SampleLanguage(named: word) else {
            let names = SampleLanguage.allCases.map(\.rawValue)
            let near = CommandCatalog.suggestions(for: word.lowercased(), among: names)
            throw REPLError(
                "no code in \"\(word)\"\(near.isEmpty ? "" : " (did you mean \(near.joined(separator: " or "))?)"); languages: \(names.joined(separator: ", "))"
            )
        }
        return language
    }
}
