import ArgumentParser
import Foundation
import SpeakerRecognitionEmulator

/// Scores test clips against enrolled profiles with one speaker engine, in process, for
/// `scripts/eval`: every (test, profile) score and the engine's own decision for each test.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Enroll profiles and score test clips with a speaker engine; print the scores as JSON.",
        discussion: """
            Reads a JSON document on stdin: {"profiles": {"NAME": ["enroll.wav", …]}, "tests": ["test.wav", …]}.
            Prints {"engine", "scores": {"TEST": {"NAME": score}}, "decisions": {"TEST": "NAME" | null},
            "seconds": {"enroll", "test"}}; a clip the engine refuses gets a null decision and an "errors" entry.
            """)

    @Option(help: "classical or dvector.") var engine: SpeakerEngineChoice = .dvector
    @Option(help: "Folder of the d-vector weights.") var model: String?

    struct Request: Decodable {
        let profiles: [String: [String]]
        let tests: [String]
    }

    func run() async throws {
        let request = try JSONDecoder().decode(Request.self, from: FileHandle.standardInput.readDataToEndOfFile())
        let engine = try self.engine.makeEngine(modelDirectory: model.map { URL(fileURLWithPath: $0) } ?? DVectorModel.defaultDirectory())
        let decoder = WAVEDecoder()
        func voiceprint(_ path: String) throws -> Voiceprint {
            try engine.voiceprint(of: SpeechSample(decoder.decode(Data(contentsOf: URL(fileURLWithPath: path)))))
        }
        let names = request.profiles.keys.sorted()
        let enrollStart = ContinuousClock.now
        var profiles: [Voiceprint] = []
        for name in names {
            var merged: Voiceprint?
            for path in request.profiles[name]! { merged = engine.merging(try voiceprint(path), into: merged) }
            profiles.append(merged!)
        }
        let testStart = ContinuousClock.now
        var scores: [String: [String: Double]] = [:]
        var decisions: [String: Any] = [:]
        var errors: [String: String] = [:]
        for path in request.tests {
            do {
                let result = engine.identify(try voiceprint(path), among: profiles, cohort: [])
                scores[path] = Dictionary(uniqueKeysWithValues: zip(names, result.scores))
                decisions[path] = result.match.map { names[$0] } ?? NSNull()
            } catch {
                errors[path] = String(describing: error)
                decisions[path] = NSNull()
            }
        }
        let seconds = { (from: ContinuousClock.Instant, to: ContinuousClock.Instant) -> Double in
            let duration = from.duration(to: to)
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        let report: [String: Any] = [
            "engine": engine.name, "scores": scores, "decisions": decisions, "errors": errors,
            "seconds": ["enroll": seconds(enrollStart, testStart), "test": seconds(testStart, .now)],
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
    }
}

extension SpeakerEngineChoice: ExpressibleByArgument {}
