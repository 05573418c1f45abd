import SpeakerRecognition

/// `verify`: checks that a file is a verification profile's speaker saying one of the phrases.
enum VerifyCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "verify", usage: ["verify PROFILE FILE"],
        summary: "Verify that FILE is the profile's speaker saying one of the phrases",
        examples: ["verify $bob attempt.wav", "v = verify $bob attempt.wav; expect v result Accept"],
        arguments: ["": [.profile, .file]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let (id, file, audio) = try session.profileAndAudio(arguments)
        let result = try await session.call("verifying \(file)") { client throws(SpidError) in try await client.verify(audio, against: id) }
        let document = ResultJSON.verification(result)
        let line =
            "\(session.style.status(result.result.wireValue)) (confidence \(result.confidence.wireValue)"
            + (result.score.map { ", score \(REPLSession.score($0))" } ?? "") + "), phrase \"\(result.phrase)\""
        return .init(lines: [line], json: document, value: .document(document))
    }
}
