import SpeakerRecognition

/// What `profile` and `vprofile` share: the same five subcommands for either kind of profile.
enum ProfileSubcommands {
    static let names = ["create", "list", "show", "delete", "reset"]

    /// The spec of the command called `name` for profiles of `kind`.
    static func spec(_ name: String, aliases: [String] = [], kind: String, variable: String, details: [String]) -> CommandSpec {
        CommandSpec(
            name: name, aliases: aliases,
            usage: ["\(name) create [LOCALE]", "\(name) list"] + ["show", "delete", "reset"].map { "\(name) \($0) PROFILE" },
            summary: "\(kind) profiles: create, list, show, delete, reset", details: details,
            examples: ["\(variable) = \(name) create", "\(name) list", "\(name) show $\(variable)", "\(name) reset $\(variable)"],
            subcommands: names,
            arguments: ["create": [.locale], "show": [.profile], "delete": [.profile], "reset": [.profile]])
    }

    static func run(
        _ arguments: Arguments, kind: REPLSession.ProfileKind, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let spec = arguments.spec
        guard let sub = arguments.positionals.first else {
            throw REPLError("\(spec.name) needs a subcommand: \(spec.subcommands.joined(separator: ", "))", usage: spec.usage)
        }
        let rest = Array(arguments.positionals.dropFirst())
        func one(_ what: String) throws(REPLError) -> ProfileID {
            guard rest.count == 1 else { throw REPLError("\(spec.name) \(sub) needs \(what)", usage: spec.usage) }
            return try session.profileID(rest[0])
        }
        let noun = kind == .identification ? "identification profile" : "verification profile"
        let style = session.style
        switch sub {
        case "create":
            guard rest.count <= 1 else { throw REPLError("\(spec.name) create takes at most a locale", usage: spec.usage) }
            let locale = rest.first ?? "en-us"
            let id = try await session.call("creating the profile") { client throws(SpidError) in
                kind == .identification
                    ? try await client.createIdentificationProfile(locale: locale)
                    : try await client.createVerificationProfile(locale: locale)
            }
            session.profileKinds[id] = kind
            let key = kind == .identification ? "identificationProfileId" : "verificationProfileId"
            return .init(
                lines: ["created \(noun) \(style.bold(id.description))"], json: .object([key: .string(id.description)]), value: .profile(id)
            )
        case "list":
            guard rest.isEmpty else { throw REPLError("\(spec.name) list takes no arguments", usage: spec.usage) }
            return try await list(kind, in: session)
        case "show":
            let id = try one("a profile id")
            let document: JSONValue
            if kind == .identification {
                document = ResultJSON.profile(
                    try await session.call("reading the profile") { client throws(SpidError) in try await client.identificationProfile(id) }
                )
            } else {
                document = ResultJSON.profile(
                    try await session.call("reading the profile") { client throws(SpidError) in try await client.verificationProfile(id) })
            }
            session.profileKinds[id] = kind
            return .init(
                lines: TreeRenderer(style: style).render(document, label: "\(noun) \(id)"), json: document, value: .document(document))
        case "delete":
            let id = try one("a profile id")
            try await session.call("deleting the profile") { client throws(SpidError) in
                kind == .identification ? try await client.deleteIdentificationProfile(id) : try await client.deleteVerificationProfile(id)
            }
            session.profileKinds[id] = nil
            return .init(lines: ["deleted \(noun) \(id)"], json: ["deleted": .string(id.description)])
        case "reset":
            let id = try one("a profile id")
            try await session.call("resetting the profile") { client throws(SpidError) in
                kind == .identification ? try await client.resetIdentificationProfile(id) : try await client.resetVerificationProfile(id)
            }
            return .init(
                lines: ["reset \(noun) \(id): its enrollments are gone"], json: ["reset": .string(id.description)], value: .profile(id))
        default:
            let near = CommandCatalog.suggestions(for: sub, among: spec.subcommands)
            throw REPLError(
                "\(spec.name) has no subcommand \"\(sub)\"\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")",
                usage: spec.usage)
        }
    }

    private static func list(
        _ kind: REPLSession.ProfileKind, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let style = session.style
        let table = TableRenderer(style: style)
        if kind == .identification {
            let profiles = try await session.call("listing profiles") { client throws(SpidError) in
                try await client.identificationProfiles()
            }
            for profile in profiles { session.profileKinds[profile.identificationProfileId] = .identification }
            let rows = profiles.map { profile in
                [
                    session.nameFor(profile.identificationProfileId), profile.locale, profile.enrollmentStatus.wireValue,
                    REPLSession.seconds(profile.enrollmentSpeechTime), REPLSession.seconds(profile.remainingEnrollmentSpeechTime),
                ]
            }
            let lines =
                profiles.isEmpty
                ? ["no identification profiles; create one with `profile create`"]
                : table.render(header: ["PROFILE", "LOCALE", "STATUS", "SPEECH", "REMAINING"], rows: rows) { column, cell in
                    column == 2 ? style.status(cell) : cell
                }
            return .init(
                lines: lines, json: .array(profiles.map(ResultJSON.profile)), value: .profiles(profiles.map(\.identificationProfileId)))
        }
        let profiles = try await session.call("listing profiles") { client throws(SpidError) in try await client.verificationProfiles() }
        for profile in profiles { session.profileKinds[profile.verificationProfileId] = .verification }
        let rows = profiles.map { profile in
            [
                session.nameFor(profile.verificationProfileId), profile.locale, profile.enrollmentStatus.wireValue,
                String(profile.enrollmentsCount), String(profile.remainingEnrollmentsCount),
            ]
        }
        let lines =
            profiles.isEmpty
            ? ["no verification profiles; create one with `vprofile create`"]
            : table.render(header: ["PROFILE", "LOCALE", "STATUS", "ENROLLMENTS", "REMAINING"], rows: rows) { column, cell in
                column == 2 ? style.status(cell) : cell
            }
        return .init(lines: lines, json: .array(profiles.map(ResultJSON.profile)), value: .profiles(profiles.map(\.verificationProfileId)))
    }
}
