import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpeakerEngines

/// The d-vector engine against the original resemblyzer pipeline, and on the synthetic voices.
/// The suites that need the weights run when `scripts/fetch-model` has put them in place
/// (`scripts/test` does); the loader's refusals are tested without them. The heavy ones run one at
/// a time on a thread of their own: on two cores, holding the test pool's threads for seconds
/// starves other suites' real-time waits.
@Suite(.serialized) struct DVectorEngineTests {
    static let directory = DVectorModel.defaultDirectory()
    static let present = DVectorModel.isPresent(in: directory)
    static let model: DVectorModel? = try? DVectorModel(directory: directory)
    static let fixtures = AudioFixtures.packageRoot.appendingPathComponent("Tests/SpeakerEnginesTests/Fixtures")

    struct Reference: Decodable {
        let windows: [Int]
        let embedding: [Float]
        let partials: [[Float]]
    }

    @Test func windowsAreCutAsTheOriginalCutsThem() throws {
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("dvector-reference.json")))
        #expect(DVectorEncoder.windowStarts(sampleCount: 48000) == reference.windows)
        #expect(DVectorEncoder.windowStarts(sampleCount: 100) == [0])
        // Counts from resemblyzer's compute_partial_slices for the same lengths.
        #expect(DVectorEncoder.windowStarts(sampleCount: 16000 * 10).count == 12)
        #expect(DVectorEncoder.windowStarts(sampleCount: 41600) == [0, 77])
    }

    @Test func slaneyMelScaleRoundTrips() {
        for hertz in [0.0, 440, 999.9, 1000, 4000, 8000] {
            #expect(abs(MelPowerSpectrogram.melToHertz(MelPowerSpectrogram.hertzToMel(hertz)) - hertz) < 1e-9)
        }
        let filters = MelPowerSpectrogram.slaneyFilters()
        #expect(filters.count == 40 * 201)
        #expect(filters.allSatisfy { $0 >= 0 })
    }

    @Test(.enabled(if: present, "no weights: run scripts/fetch-model")) func theWeightsLoadAndVerify() throws {
        #expect(
            Self.model != nil,
            "the weights in \(Self.directory.path) did not load: \(String(describing: Result { try DVectorModel(directory: Self.directory) }))"
        )
    }

    @Test(.enabled(if: present, "no weights: run scripts/fetch-model"))
    func theEmbeddingMatchesTheOriginalTo1e4() async throws {
        let model = try #require(Self.model)
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("dvector-reference.json")))
        let audio = try WAVEDecoder().decode(Data(contentsOf: Self.fixtures.appendingPathComponent("dvector-clip.wav")))
        let encoder = DVectorEncoder(model: model)
        let embedding = try await offPool { encoder.embedding(ofUtterance: DVectorEncoder.normalisingVolume(audio.samples)) }
        let difference = zip(embedding, reference.embedding).map { abs($0 - $1) }.max() ?? .infinity
        #expect(embedding.count == 256)
        #expect(difference <= 1e-4, "largest difference \(difference)")
    }

    // MARK: The loader's refusals

    func folder(weights: Data?, manifest: String?) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dvector-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if let weights { try weights.write(to: url.appendingPathComponent("weights.f32")) }
        if let manifest { try Data(manifest.utf8).write(to: url.appendingPathComponent("manifest.json")) }
        return url
    }

    func refusal(_ url: URL) -> String {
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try DVectorModel(directory: url)
            return "loaded"
        } catch {
            return String(describing: error)
        }
    }

    static let manifest = #"{"format":"spid-dvector-weights-1","weightsSha256":"%@","tensors":[]}"#

    @Test func aMissingFolderSaysWhatToRun() throws {
        let message = refusal(URL(fileURLWithPath: "/nonexistent/spid-model"))
        #expect(message.contains("no d-vector weights in /nonexistent/spid-model"))
        #expect(message.contains("scripts/fetch-model"))
    }

    @Test func aMissingManifestIsRefused() throws {
        let message = refusal(try folder(weights: Data(count: 8), manifest: nil))
        #expect(message.contains("manifest.json is missing"))
    }

    @Test func aTruncatedFileIsRefused() throws {
        let message = refusal(try folder(weights: Data(count: 1000), manifest: String(format: Self.manifest, "00")))
        #expect(message.contains("holds 1000 bytes"))
        #expect(message.contains("truncated"))
    }

    @Test func aChangedFileIsRefusedByItsChecksum() throws {
        let message = refusal(
            try folder(weights: Data(count: DVectorModel.parameterCount * 4), manifest: String(format: Self.manifest, "00")))
        #expect(message.contains("does not match its checksum"))
        #expect(message.contains("fetch-model --force"))
    }

    @Test func aManifestOfAnotherFormatIsRefused() throws {
        let message = refusal(try folder(weights: Data(count: 8), manifest: #"{"format":"other-2","weightsSha256":"","tensors":[]}"#))
        #expect(message.contains("of format other-2"))
    }

    @Test func garbageForAManifestIsRefused() throws {
        let message = refusal(try folder(weights: Data(count: 8), manifest: "not json"))
        #expect(message.contains("is not a d-vector manifest"))
    }

    // MARK: The engine on the synthetic voices (plumbing and calibration, not accuracy claims)

    static func voiceprint(_ engine: DVectorEngine, _ name: String) throws -> Voiceprint {
        try engine.voiceprint(of: SpeechSample(WAVEDecoder().decode(AudioFixtures.data(name))))
    }

    static let enrolled = ["awb", "slt", "rms", "kal"]

    @Test(.enabled(if: present, "no weights: run scripts/fetch-model"))
    func identifiesEachEnrolledVoiceAndRejectsAnUnenrolledOne() async throws {
        let engine = DVectorEngine(model: try #require(Self.model))
        // Enrolled on one clip, tested on another text (short clips: a debug build is slow).
        let names = Self.enrolled.map { "\($0)-test1.wav" } + Self.enrolled.map { "\($0)-test2.wav" } + ["f3-test1.wav", "f3-test2.wav"]
        let prints = try await offPool { try Dictionary(uniqueKeysWithValues: names.map { ($0, try Self.voiceprint(engine, $0)) }) }
        let profiles = Self.enrolled.map { prints["\($0)-test1.wav"]! }
        for voice in Self.enrolled {
            let result = engine.identify(prints["\(voice)-test2.wav"]!, among: profiles, cohort: [])
            #expect(result.match == Self.enrolled.firstIndex(of: voice), "\(voice): scores \(result.scores)")
            #expect(result.confidence == .high, "\(voice): scores \(result.scores)")
        }
        for name in ["f3-test1.wav", "f3-test2.wav"] {
            let result = engine.identify(prints[name]!, among: profiles, cohort: [])
            #expect(result.match == nil, "\(name): scores \(result.scores)")
        }
    }

    @Test(.enabled(if: present, "no weights: run scripts/fetch-model"))
    func noSpeechIsRefusedAndOtherEnginesPrintsNeverMatch() async throws {
        let engine = DVectorEngine(model: try #require(Self.model))
        let silence = PCMAudio(samples: [Float](repeating: 0, count: 48000), sampleRate: 16000)
        #expect(throws: SpeakerEngineError.self) { try engine.voiceprint(of: SpeechSample(silence)) }
        let (classical, test) = try await offPool {
            (
                try ClassicalEngine().voiceprint(of: SpeechSample(WAVEDecoder().decode(AudioFixtures.data("awb-enroll.wav")))),
                try Self.voiceprint(engine, "awb-test1.wav")
            )
        }
        #expect(engine.identify(test, among: [classical], cohort: []).match == nil)
    }

    @Test(.enabled(if: present, "no weights: run scripts/fetch-model"))
    func aTestVoiceprintIsHalfTheWorkAndScoresTheSame() async throws {
        let engine = DVectorEngine(model: try #require(Self.model))
        let (profiles, full, test) = try await offPool {
            let sample = try SpeechSample(WAVEDecoder().decode(AudioFixtures.data("slt-test2.wav")))
            return (
                try ["awb-test1.wav", "slt-test1.wav"].map { try Self.voiceprint(engine, $0) }, try engine.voiceprint(of: sample),
                try engine.testVoiceprint(of: sample)
            )
        }
        #expect(full.dimension == 2 * DVectorModel.embedding)
        #expect(test.dimension == DVectorModel.embedding + 1)
        #expect(Array(full.vectors.prefix(DVectorModel.embedding)) == Array(test.vectors.prefix(DVectorModel.embedding)))
        #expect(!DVectorScorer.isNarrowBand(test))
        #expect(engine.identify(test, among: profiles, cohort: []) == engine.identify(full, among: profiles, cohort: []))
        #expect(engine.verify(test, against: profiles[1], cohort: []) == engine.verify(full, against: profiles[1], cohort: []))
    }

    @Test(.enabled(if: present, "no weights: run scripts/fetch-model"))
    func aProfileIsTheMeanOfItsEnrollments() async throws {
        let engine = DVectorEngine(model: try #require(Self.model))
        let (first, second) = try await offPool {
            (try Self.voiceprint(engine, "awb-test1.wav"), try Self.voiceprint(engine, "awb-test2.wav"))
        }
        let merged = engine.merging(second, into: engine.merging(first, into: nil))
        #expect(merged.rowCount == 2)
        #expect(abs(merged.speechSeconds - first.speechSeconds - second.speechSeconds) < 1e-9)
        #expect(engine.score(first, merged) > engine.score(first, second))
    }

    /// A test heard through a telephone line (300–3400 Hz with steady noise, or sampled at 8 kHz)
    /// is told from a full-band one, still ranks its speaker first against clean enrollments, and
    /// has its normalised scores raised by exactly the narrow-band offset, or moved by the matched
    /// one when the enrollment came through a narrow band too.
    @Test(.enabled(if: present, "no weights: run scripts/fetch-model"))
    func aTelephoneTestIsToldAndItsScoresRaisedByTheOffset() async throws {
        let engine = DVectorEngine(model: try #require(Self.model))
        var plain = engine
        plain.narrowBandOffset = 0
        let names = ["awb-test1.wav", "awb-test1-telephone.wav", "awb-test1-8k-line.wav"]
        let (profiles, tests) = try await offPool {
            (
                try Self.enrolled.map { try Self.voiceprint(engine, "\($0)-test2.wav") },
                try names.map { try engine.testVoiceprint(of: SpeechSample(WAVEDecoder().decode(AudioFixtures.data($0)))) }
            )
        }
        #expect(tests.map(DVectorScorer.isNarrowBand) == [false, true, true], "spans \(tests.map { $0.vectors.last! })")
        for (name, test) in zip(names, tests) {
            let raised = engine.identify(test, among: profiles, cohort: [])
            let unraised = plain.identify(test, among: profiles, cohort: [])
            #expect(raised.scores.indices.max(by: { raised.scores[$0] < raised.scores[$1] }) == 0, "\(name): \(raised.scores)")
            let offset = DVectorScorer.isNarrowBand(test) ? engine.narrowBandOffset : 0
            for (up, down) in zip(raised.scores, unraised.scores) { #expect(abs(up - down - offset) < 1e-9, "\(name)") }
            // Never somebody else; whether awb is accepted through a noisy line from 6 s enrollments is
            // what scripts/eval measures, not a property.
            #expect(raised.match == 0 || (raised.match == nil && DVectorScorer.isNarrowBand(test)), "\(name): \(raised.scores)")
        }
        // Enrolled through the 8 kHz line, awb has no full-band condition: a matched channel for the
        // telephone test, which takes the matched offset instead.
        let narrowProfile = try await offPool {
            try engine.voiceprint(of: SpeechSample(WAVEDecoder().decode(AudioFixtures.data("awb-test1-8k-line.wav"))))
        }
        let width = DVectorModel.embedding
        #expect(narrowProfile.vectors.prefix(width).elementsEqual(narrowProfile.vectors.suffix(width)))
        #expect(DVectorSpeakerModel(narrowProfile, engine: engine.name)?.isNarrowBand == true)
        plain.matchedNarrowBandOffset = 0
        let matched = engine.verify(tests[1], against: narrowProfile, cohort: profiles).score
        #expect(
            abs(matched - plain.verify(tests[1], against: narrowProfile, cohort: profiles).score - engine.matchedNarrowBandOffset) < 1e-9)
    }
}
