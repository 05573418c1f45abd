/// `vprofile`: verification profiles.
enum VerificationProfileCommand: REPLCommand {
    static let spec = ProfileSubcommands.spec(
        "vprofile", aliases: ["verification-profile"], kind: "Verification", variable: "bob",
        details: ["Verification uses fixed phrases (see `phrases`); a profile needs three enrollments."])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try await ProfileSubcommands.run(arguments, kind: .verification, in: session)
    }
}
