/// Swift with this package's `SpeakerRecognitionClient`: typed results, the key checked, and the
/// request's URL built by the client itself.
enum SwiftWriter: SampleWriter {
    static func code(for request: SampleRequest) -> String {
        """
        // \(request.title)
        // Run: in a package that depends on spid's SpeakerRecognition library, \(request.keyVariable)=your-key swift run
        import Foundation
        import SpeakerRecognition

        do {
            let client = SpeakerRecognitionClient(
                endpoint: try ServiceEndpoint(\(Literal.doubleQuoted(request.origin))),
                key: try SubscriptionKey(ProcessInfo.processInfo.environment[\(Literal.doubleQuoted(request.keyVariable))] ?? "{subscription key}"))
            \(statements(for: request).joined(separator: "\n    "))
        } catch {
            print("error:", error)  // a SpidError: what failed and why, with the service's code and message
            exit(1)
        }

        """
    }

    /// The sample's body after the client: what differs from one request to another.
    static func statements(for request: SampleRequest) -> [String] {
        let audio = "let audio = try Data(contentsOf: URL(fileURLWithPath: \(Literal.doubleQuoted(request.audioFile))))"
        func profile(_ id: String) -> String { "let profile = ProfileID(\(Literal.doubleQuoted(id)))!  // a profile id (GUID)" }
        func kindName(_ kind: APICall.ProfileKind) -> String { kind == .identification ? "Identification" : "Verification" }
        switch request.call {
        case .createProfile(let kind, let locale):
            return [
                "let profile = try await client.create\(kindName(kind))Profile(locale: \(Literal.doubleQuoted(locale)))", "print(profile)",
            ]
        case .profile(let kind, let id):
            return [profile(id), "print(try await client.\(kind.rawValue)Profile(profile))"]
        case .profiles(let kind):
            return ["for profile in try await client.\(kind.rawValue)Profiles() {", "    print(profile)", "}"]
        case .deleteProfile(let kind, let id):
            return [profile(id), "try await client.delete\(kindName(kind))Profile(profile)", "print(\"deleted\", profile)"]
        case .resetProfile(let kind, let id):
            return [profile(id), "try await client.reset\(kindName(kind))Profile(profile)", "print(\"reset\", profile)"]
        case .enroll(.identification, let id, let shortAudio):
            return [
                profile(id), audio,
                "let location = try await client.enroll(audio, identificationProfile: profile, shortAudio: \(shortAudio))",
                "print(\"Operation-Location:\", location)",
            ]
        case .enroll(.verification, let id, _):
            return [profile(id), audio, "print(try await client.enroll(audio, verificationProfile: profile))"]
        case .identify(let candidates, let shortAudio):
            return [
                "let candidates = [\(candidates.map(Literal.doubleQuoted).joined(separator: ", "))].map { ProfileID($0)! }  // profile ids (GUIDs)",
                audio,
                "let location = try await client.identify(audio, among: candidates, shortAudio: \(shortAudio))",
                "print(\"Operation-Location:\", location)",
            ]
        case .verify(let id):
            return [profile(id), audio, "print(try await client.verify(audio, against: profile))"]
        case .verificationPhrases(let locale):
            return [
                "for phrase in try await client.verificationPhrases(locale: \(Literal.doubleQuoted(locale))) {", "    print(phrase.phrase)",
                "}",
            ]
        case .operationStatus(let id):
            return ["print(try await client.operationStatus(\(Literal.doubleQuoted(id))))"]
        }
    }
}
