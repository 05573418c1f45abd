import Foundation
import SpeakerRecognition

/// `enroll`: an operation for an identification profile, a result for a verification one.
enum EnrollCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "enroll", usage: ["enroll PROFILE FILE [--short-audio]"],
        summary: "Enroll a WAV file: an operation for an identification profile, a result for a verification one",
        details: [
            "Audio: WAV, PCM, 16 kHz, 16-bit, mono. Identification wants 30 s of speech in all (5 s per file at least),",
            "or --short-audio for shorter files. Convert with: sox IN -r 16000 -c 1 -b 16 OUT.wav",
        ],
        examples: ["enroll $alice alice.wav", "op = enroll $alice alice.wav --short-audio", "enroll $bob phrase1.wav"],
        flags: ["--short-audio"], arguments: ["": [.profile, .file]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let (id, file, audio) = try session.profileAndAudio(arguments)
        let shortAudio = arguments.has("--short-audio")
        if try await session.kind(of: id) == .verification {
            if shortAudio { throw REPLError("--short-audio is for identification profiles; \(id) is a verification profile") }
            let result = try await session.call("enrolling \(file)") { client throws(SpidError) in
                try await client.enroll(audio, verificationProfile: id)
            }
            let document = ResultJSON.verificationEnrollment(result)
            let line =
                "\(session.style.status(result.enrollmentStatus.wireValue)): \(result.enrollmentsCount) enrollment\(result.enrollmentsCount == 1 ? "" : "s"), "
                + "\(result.remainingEnrollments) to go, phrase \"\(result.phrase)\""
            return .init(lines: [line], json: document, value: .document(document))
        }
        let location = try await session.call("enrolling \(file)") { client throws(SpidError) in
            try await client.enroll(audio, identificationProfile: id, shortAudio: shortAudio)
        }
        return await session.added(
            location, kind: .enrollment, origin: "enroll \(session.shortName(for: id)) \((file as NSString).lastPathComponent)")
    }
}
