import ArgumentParser
import Foundation
import SpeakerEngines
import SpeakerRecognition

/// Scores test clips against enrolled profiles with one speaker engine, in process, for
/// `scripts/eval`: every (test, profile) score and the engine's own decision, for each split of
/// the profiles into an enrolled set. Voiceprints are made once and reused by every split.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Enroll profiles and score test clips with a speaker engine; print the scores as JSON.",
        discussion: """
            Reads a JSON document on stdin:
              {"profiles": {"NAME": ["enroll.wav", …]}, "tests": ["test.wav", …], "splits": [["NAME", …], …],
               "voiceprints": false}
            ("splits" defaults to one split of every profile). Prints {"engine", "splits": [{"scores":
            {"TEST": {"NAME": score}}, "calibrated": {"TEST": {"NAME": 0…1}}, "decisions": {"TEST": "NAME" or
            null}}], "errors": {"FILE": why}, "seconds": {"voiceprints", "identify"}, "audioSeconds"}. A clip the
            engine refuses is left out of the scores and listed in "errors". Tests are scored by their test voiceprints,
            as the service scores them. With "voiceprints": true it also prints the enrollments' voiceprint vectors
            ({"FILE": [float, …]}), which scripts/fixtures/make-cohort and the calibration read, and the tests' test
            voiceprints ("testVoiceprints", the same form).
            """)

    @Option(help: "classical or dvector.") var engine: SpeakerEngineChoice = .dvector
    @Option(help: "Folder of the d-vector weights.") var model: String?
    @Flag(
        help: """
            The d-vector engine as it was before score normalisation: one condition per voiceprint, raw cosines, and the \
            thresholds once fitted on TTS voices (0.75, 0.82, 0.90), for before/after figures.
            """)
    var rawCosine = false

    struct Request: Decodable {
        let profiles: [String: [String]]
        let tests: [String]
        let splits: [[String]]?
        let voiceprints: Bool?
    }

    func run() async throws {
        let request = try JSONDecoder().decode(Request.self, from: FileHandle.standardInput.readDataToEndOfFile())
        var chosen = try self.engine.makeEngine(modelDirectory: model.map { URL(fileURLWithPath: $0) } ?? DVectorModel.defaultDirectory())
        if rawCosine {
            guard var dvector = chosen as? DVectorEngine else { throw ValidationError("--raw-cosine needs --engine dvector") }
            dvector.multiCondition = false
            dvector.cohort = nil
            dvector.normalisation.minimumCohort = .max
            dvector.rawCalibration = ScoreCalibration(acceptance: 0.75, normal: 0.82, high: 0.90, margin: 0.10)
            chosen = dvector
        }
        let engine = chosen
        let names = request.profiles.keys.sorted()
        let enrollments = names.flatMap { name in request.profiles[name]!.map { (name, $0) } }
        let clock = ContinuousClock()
        let start = clock.now
        // Every file's voiceprint, in parallel: enrollments' full ones, tests' test ones.
        let jobs = Set(enrollments.map(\.1)).sorted().map { ($0, false) } + request.tests.map { ($0, true) }
        let prints = Locked([String: Result<Voiceprint, SpeakerEngineError>]())
        let testPrints = Locked([String: Result<Voiceprint, SpeakerEngineError>]())
        let audioSeconds = Locked(0.0)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let (path, forTest) = jobs[index]
            let result: Result<Voiceprint, SpeakerEngineError>
            do {
                let audio = try WAVEDecoder().decode(Data(contentsOf: URL(fileURLWithPath: path)))
                audioSeconds.withLock { $0 += audio.duration }
                let sample = SpeechSample(audio)
                result = .success(try forTest ? engine.testVoiceprint(of: sample) : engine.voiceprint(of: sample))
            } catch let error as SpeakerEngineError {
                result = .failure(error)
            } catch {
                result = .failure(SpeakerEngineError(String(describing: error)))
            }
            (forTest ? testPrints : prints).withLock { $0[path] = result }
        }
        let voiceprints = prints.withLock { $0 }
        let testVoiceprints = testPrints.withLock { $0 }
        var errors: [String: String] = [:]
        for (path, result) in voiceprints.merging(testVoiceprints, uniquingKeysWith: { full, _ in full }) {
            if case .failure(let error) = result { errors[path] = error.message }
        }
        var profiles: [String: Voiceprint] = [:]
        for (name, path) in enrollments {
            if case .success(let print) = voiceprints[path]! { profiles[name] = engine.merging(print, into: profiles[name]) }
        }
        let tests = request.tests.compactMap { path -> (String, Voiceprint)? in
            guard case .success(let print) = testVoiceprints[path]! else { return nil }
            return (path, print)
        }
        let middle = clock.now
        var splits: [[String: Any]] = []
        for split in request.splits ?? [names] {
            let members = split.filter { profiles[$0] != nil }
            let candidates = members.map { profiles[$0]! }
            let outcomes = Locked([String: SpeakerIdentification]())
            DispatchQueue.concurrentPerform(iterations: tests.count) { index in
                let outcome = engine.identify(tests[index].1, among: candidates, cohort: [])
                outcomes.withLock { $0[tests[index].0] = outcome }
            }
            var scores: [String: [String: Double]] = [:]
            var calibrated: [String: [String: Double]] = [:]
            var decisions: [String: Any] = [:]
            for (path, outcome) in outcomes.withLock({ $0 }) {
                scores[path] = Dictionary(uniqueKeysWithValues: zip(members, outcome.scores))
                calibrated[path] = Dictionary(uniqueKeysWithValues: zip(members, outcome.calibratedScores))
                decisions[path] = outcome.match.map { members[$0] } ?? NSNull()
            }
            splits.append(["members": members, "scores": scores, "calibrated": calibrated, "decisions": decisions])
        }
        var report: [String: Any] = [
            "engine": engine.name, "splits": splits, "errors": errors, "audioSeconds": audioSeconds.withLock { $0 },
            "seconds": ["voiceprints": start.duration(to: middle).seconds, "identify": middle.duration(to: clock.now).seconds],
        ]
        if request.voiceprints == true {
            func vectors(_ prints: [String: Result<Voiceprint, SpeakerEngineError>]) -> [String: [Double]] {
                prints.compactMapValues { result in
                    guard case .success(let print) = result else { return nil }
                    return print.vectors.map(Double.init)
                }
            }
            report["voiceprints"] = vectors(voiceprints)
            report["testVoiceprints"] = vectors(testVoiceprints)
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
    }
}

extension SpeakerEngineChoice: ExpressibleByArgument {}
