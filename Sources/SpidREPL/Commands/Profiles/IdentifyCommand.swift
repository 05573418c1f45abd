import Foundation
import SpeakerRecognition

/// `identify`: starts identifying who speaks in a file among up to 10 profiles.
enum IdentifyCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "identify", usage: ["identify FILE PROFILE... [--short-audio]"],
        summary: "Start identifying who speaks in FILE among up to 10 profiles",
        examples: ["identify unknown.wav $alice $bob", "who = identify unknown.wav $team"],
        flags: ["--short-audio"], arguments: ["": [.file, .profiles]])

    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        try arguments.expectCount(2...(1 + SpeakerRecognitionClient.maximumIdentificationCandidates), "a WAV file and at least one profile")
        let file = arguments.positionals[0]
        let candidates = try arguments.positionals.dropFirst().map { word throws(REPLError) in try session.profileID(word) }
        let audio = try session.readAudio(file)
        let location = try await session.call("identifying \(file)") { client throws(SpidError) in
            try await client.identify(audio, among: candidates, shortAudio: arguments.has("--short-audio"))
        }
        return await session.added(location, kind: .identification, origin: "identify \((file as NSString).lastPathComponent)")
    }
}
