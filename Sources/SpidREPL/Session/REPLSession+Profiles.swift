import Foundation
import SpeakerRecognition

extension REPLSession {
    func profileCommand(_ arguments: Arguments, kind: ProfileKind) async throws(REPLError) -> Outcome {
        let spec = arguments.spec
        guard let sub = arguments.positionals.first else {
            throw REPLError("\(spec.name) needs a subcommand: \(spec.subcommands.joined(separator: ", "))", usage: spec.usage)
        }
        let rest = Array(arguments.positionals.dropFirst())
        func one(_ what: String) throws(REPLError) -> ProfileID {
            guard rest.count == 1 else { throw REPLError("\(spec.name) \(sub) needs \(what)", usage: spec.usage) }
            return try profileID(rest[0])
        }
        let noun = kind == .identification ? "identification profile" : "verification profile"
        switch sub {
        case "create":
            guard rest.count <= 1 else { throw REPLError("\(spec.name) create takes at most a locale", usage: spec.usage) }
            let locale = rest.first ?? "en-us"
            let id = try await call("creating the profile") { client throws(SpidError) in
                kind == .identification
                    ? try await client.createIdentificationProfile(locale: locale)
                    : try await client.createVerificationProfile(locale: locale)
            }
            profileKinds[id] = kind
            let key = kind == .identification ? "identificationProfileId" : "verificationProfileId"
            return Outcome(lines: ["created \(noun) \(style.bold(id.description))"], json: .object([key: .string(id.description)]), value: .profile(id))
        case "list":
            guard rest.isEmpty else { throw REPLError("\(spec.name) list takes no arguments", usage: spec.usage) }
            return try await listProfiles(kind)
        case "show":
            let id = try one("a profile id")
            let document: JSONValue
            if kind == .identification {
                document = ResultJSON.profile(try await call("reading the profile") { client throws(SpidError) in try await client.identificationProfile(id) })
            } else {
                document = ResultJSON.profile(try await call("reading the profile") { client throws(SpidError) in try await client.verificationProfile(id) })
            }
            profileKinds[id] = kind
            return Outcome(lines: TreeRenderer(style: style).render(document, label: "\(noun) \(id)"), json: document, value: .document(document))
        case "delete":
            let id = try one("a profile id")
            try await call("deleting the profile") { client throws(SpidError) in
                kind == .identification ? try await client.deleteIdentificationProfile(id) : try await client.deleteVerificationProfile(id)
            }
            profileKinds[id] = nil
            return Outcome(lines: ["deleted \(noun) \(id)"], json: ["deleted": .string(id.description)])
        case "reset":
            let id = try one("a profile id")
            try await call("resetting the profile") { client throws(SpidError) in
                kind == .identification ? try await client.resetIdentificationProfile(id) : try await client.resetVerificationProfile(id)
            }
            return Outcome(lines: ["reset \(noun) \(id): its enrollments are gone"], json: ["reset": .string(id.description)], value: .profile(id))
        default:
            let near = CommandCatalog.suggestions(for: sub, among: spec.subcommands)
            throw REPLError(
                "\(spec.name) has no subcommand \"\(sub)\"\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")",
                usage: spec.usage)
        }
    }

    private func listProfiles(_ kind: ProfileKind) async throws(REPLError) -> Outcome {
        let table = TableRenderer(style: style)
        if kind == .identification {
            let profiles = try await call("listing profiles") { client throws(SpidError) in try await client.identificationProfiles() }
            for profile in profiles { profileKinds[profile.identificationProfileId] = .identification }
            let rows = profiles.map { profile in
                [nameFor(profile.identificationProfileId), profile.locale, profile.enrollmentStatus.wireValue,
                 Self.seconds(profile.enrollmentSpeechTime), Self.seconds(profile.remainingEnrollmentSpeechTime)]
            }
            let lines = profiles.isEmpty
                ? ["no identification profiles; create one with `profile create`"]
                : table.render(header: ["PROFILE", "LOCALE", "STATUS", "SPEECH", "REMAINING"], rows: rows) { column, cell in
                    column == 2 ? self.style.status(cell) : cell
                }
            return Outcome(lines: lines, json: .array(profiles.map(ResultJSON.profile)), value: .profiles(profiles.map(\.identificationProfileId)))
        }
        let profiles = try await call("listing profiles") { client throws(SpidError) in try await client.verificationProfiles() }
        for profile in profiles { profileKinds[profile.verificationProfileId] = .verification }
        let rows = profiles.map { profile in
            [nameFor(profile.verificationProfileId), profile.locale, profile.enrollmentStatus.wireValue,
             String(profile.enrollmentsCount), String(profile.remainingEnrollmentsCount)]
        }
        let lines = profiles.isEmpty
            ? ["no verification profiles; create one with `vprofile create`"]
            : table.render(header: ["PROFILE", "LOCALE", "STATUS", "ENROLLMENTS", "REMAINING"], rows: rows) { column, cell in
                column == 2 ? self.style.status(cell) : cell
            }
        return Outcome(lines: lines, json: .array(profiles.map(ResultJSON.profile)), value: .profiles(profiles.map(\.verificationProfileId)))
    }

    func enroll(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        try arguments.expectCount(2...2, "a profile and a WAV file")
        let id = try profileID(arguments.positionals[0])
        let file = arguments.positionals[1]
        let audio = try readAudio(file)
        let shortAudio = arguments.has("--short-audio")
        if try await kind(of: id) == .verification {
            if shortAudio { throw REPLError("--short-audio is for identification profiles; \(id) is a verification profile") }
            let result = try await call("enrolling \(file)") { client throws(SpidError) in try await client.enroll(audio, verificationProfile: id) }
            let document = ResultJSON.verificationEnrollment(result)
            let line = "\(style.status(result.enrollmentStatus.wireValue)): \(result.enrollmentsCount) enrollment\(result.enrollmentsCount == 1 ? "" : "s"), "
                + "\(result.remainingEnrollments) to go, phrase \"\(result.phrase)\""
            return Outcome(lines: [line], json: document, value: .document(document))
        }
        let location = try await call("enrolling \(file)") { client throws(SpidError) in
            try await client.enroll(audio, identificationProfile: id, shortAudio: shortAudio)
        }
        return await added(location, kind: .enrollment, origin: "enroll \(shortName(for: id)) \((file as NSString).lastPathComponent)")
    }

    func identify(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        try arguments.expectCount(2...(1 + SpeakerRecognitionClient.maximumIdentificationCandidates), "a WAV file and at least one profile")
        let file = arguments.positionals[0]
        let candidates = try arguments.positionals.dropFirst().map { word throws(REPLError) in try profileID(word) }
        let audio = try readAudio(file)
        let location = try await call("identifying \(file)") { client throws(SpidError) in
            try await client.identify(audio, among: candidates, shortAudio: arguments.has("--short-audio"))
        }
        return await added(location, kind: .identification, origin: "identify \((file as NSString).lastPathComponent)")
    }

    func verify(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        try arguments.expectCount(2...2, "a profile and a WAV file")
        let id = try profileID(arguments.positionals[0])
        let file = arguments.positionals[1]
        let audio = try readAudio(file)
        let result = try await call("verifying \(file)") { client throws(SpidError) in try await client.verify(audio, against: id) }
        let document = ResultJSON.verification(result)
        let line = "\(style.status(result.result.wireValue)) (confidence \(result.confidence.wireValue)), phrase \"\(result.phrase)\""
        return Outcome(lines: [line], json: document, value: .document(document))
    }

    func phrases(_ arguments: Arguments) async throws(REPLError) -> Outcome {
        try arguments.expectCount(0...1)
        let locale = arguments.positionals.first ?? "en-us"
        let phrases = try await call("listing phrases") { client throws(SpidError) in try await client.verificationPhrases(locale: locale) }
        let document = JSONValue.array(phrases.map { ["phrase": .string($0.phrase)] })
        return Outcome(lines: phrases.map { "  \($0.phrase)" }, json: document, value: .document(document))
    }

    // MARK: Helpers

    /// A profile id from a word (ids are what `$NAME` of a bound profile expands to).
    func profileID(_ word: String) throws(REPLError) -> ProfileID {
        if let id = ProfileID(word) { return id }
        if case .profile(let id)? = bindings[word] { return id }
        throw REPLError("\"\(word)\" is not a profile id; profile ids look like 111f427c-3791-468f-b709-fcef7660fff9 (or use a bound name: $alice)")
    }

    /// The bound name of a profile, for tables: `alice (1f2e…)`; else the id.
    func nameFor(_ id: ProfileID) -> String {
        let names = bindings.filter { $0.value == .profile(id) }.keys.sorted()
        return names.first.map { "\(id) (\($0))" } ?? id.description
    }

    /// A bound name of a profile, or the start of its id.
    func shortName(for id: ProfileID) -> String {
        bindings.filter { $0.value == .profile(id) }.keys.sorted().first ?? String(id.description.prefix(8))
    }

    /// Whether a profile is for identification or verification: known from this session, else asked.
    func kind(of id: ProfileID) async throws(REPLError) -> ProfileKind {
        if let known = profileKinds[id] { return known }
        let client = try requireConnection().client
        do {
            _ = try await client.identificationProfile(id)
            profileKinds[id] = .identification
            return .identification
        } catch where error.statusCode == 404 {
            do {
                _ = try await client.verificationProfile(id)
                profileKinds[id] = .verification
                return .verification
            } catch where error.statusCode == 404 {
                throw REPLError("there is no profile \(id) on \(connectionLabel); `profile list` and `vprofile list` show them")
            } catch {
                throw REPLError(error, doing: "reading the profile")
            }
        } catch {
            throw REPLError(error, doing: "reading the profile")
        }
    }

    /// The bytes of an audio file, with a clear line for the usual mistakes.
    func readAudio(_ path: String) throws(REPLError) -> Data {
        try LocalFile.read(resolve(path), named: path, limit: 64 << 20)
    }

    func resolve(_ path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : configuration.currentDirectory.appendingPathComponent(expanded)
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1fs", value) }
}
