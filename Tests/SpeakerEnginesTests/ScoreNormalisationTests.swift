import SpeakerRecognition
import Testing

@testable import SpeakerEngines

/// S-norm and the d-vector engine's scoring on synthetic d-vectors (no weights needed): voices
/// share a common direction, as real d-vectors do, so raw cosines between different people are
/// high and a "hub" voice resembles everybody.
@Suite struct ScoreNormalisationTests {
    static let engine = "dvector-ge2e-resemblyzer-1"
    static let width = 256

    /// Synthetic voices: `normalise(a·common + own)`, with `own` random per voice and `a` from 0.8
    /// to 1.6, so that some voices are closer to everybody than others (cosines 0.4 to 0.7).
    struct Voices {
        var random = SeededRandom(seed: 16)
        let common: [Float]

        init() {
            var random = SeededRandom(seed: 16)
            common = Self.unit((0..<ScoreNormalisationTests.width).map { _ in random.nextGaussian() })
            self.random = random
        }

        static func unit(_ vector: [Float]) -> [Float] { SpeakerEncoderNetwork.normalised(vector) }

        mutating func direction() -> [Float] { Self.unit((0..<ScoreNormalisationTests.width).map { _ in random.nextGaussian() }) }

        /// A new voice's clean d-vector.
        mutating func voice() -> [Float] {
            let own = direction()
            let weight = Float.random(in: 0.8...1.6, using: &random)
            return Self.unit(zip(common, own).map { weight * $0 + $1 })
        }

        /// Another take of `voice`: the same person, a little noise.
        mutating func take(of voice: [Float], noise: Float = 0.25) -> [Float] {
            let jitter = direction()
            return Self.unit(zip(voice, jitter).map { $0 + noise * $1 })
        }

        /// A stranger who resembles everybody: mostly the common direction.
        mutating func hub() -> [Float] {
            let own = direction()
            return Self.unit(zip(common, own).map { $0 + 0.15 * $1 })
        }
    }

    /// A voiceprint of two conditions (the telephone band here is the same d-vector).
    static func print(_ vector: [Float]) -> Voiceprint {
        Voiceprint(engine: engine, dimension: 2 * width, vectors: vector + vector, speechSeconds: 30)
    }

    static func scorer(cohort: DVectorCohort?) -> DVectorScorer {
        DVectorScorer(engine: engine, cohort: cohort, normalisation: ScoreNormalisation(minimumCohort: 8), maximumProfileCohort: 100)
    }

    static func cohort(_ voices: inout Voices, count: Int) -> DVectorCohort {
        DVectorCohort(
            voices: (0..<count).map { "voice\($0)" },
            models: (0..<count).map { _ in
                let vector = voices.voice()
                return DVectorSpeakerModel(clean: vector, telephone: vector)
            })
    }

    @Test func aStrangerWhoResemblesEverybodyIsRejectedAndTheTrueSpeakerAccepted() {
        var voices = Voices()
        let cohort = Self.cohort(&voices, count: 20)
        let speakers = (0..<10).map { _ in voices.voice() }
        let candidates = speakers.map(Self.print)
        let scorer = Self.scorer(cohort: cohort)
        let acceptance = DVectorEngine.normalisedCalibration.acceptance

        let stranger = Self.print(voices.hub())
        let raw = candidates.map {
            DVectorSpeakerModel($0, engine: Self.engine)!.similarity(toTest: Array(stranger.vectors.prefix(Self.width)))
        }
        // The raw cosine would have named somebody under the old TTS threshold (0.75)…
        #expect(raw.max()! > 0.75)
        let (strangerScores, strangerNormalised) = scorer.scores(stranger, candidates, cohort: [])
        #expect(strangerNormalised)
        // …the normalised score does not.
        #expect(strangerScores.max()! < acceptance, "\(strangerScores)")
        #expect(DVectorEngine.normalisedCalibration.identification(strangerScores).match == nil)

        for (index, speaker) in speakers.enumerated() {
            let test = Self.print(voices.take(of: speaker))
            let (scores, normalised) = scorer.scores(test, candidates, cohort: [])
            #expect(normalised)
            #expect(scores[index] >= acceptance, "speaker \(index): \(scores)")
            let decision = DVectorEngine.normalisedCalibration.identification(scores)
            #expect(decision.match == index)
            #expect(decision.calibratedScores[index] >= 0.5)
        }
    }

    @Test func withoutTheBuiltInCohortOtherProfilesStandInAndTooFewFallBackToRawCosines() {
        var voices = Voices()
        let speakers = (0..<3).map { _ in voices.voice() }
        let candidates = speakers.map(Self.print)
        let test = Self.print(voices.take(of: speakers[1]))
        let scorer = Self.scorer(cohort: nil)

        // Three candidates and no cohort: too few voices to normalise by; raw cosines come back.
        let (raw, rawNormalised) = scorer.scores(test, candidates, cohort: [])
        #expect(!rawNormalised)
        #expect(raw.allSatisfy { (-1...1).contains($0) })
        #expect(raw.indices.max { raw[$0] < raw[$1] } == 1)
        #expect(Self.scorer(cohort: .empty).scores(test, candidates, cohort: []).normalised == false)

        // The subscription's other profiles make the cohort when there are enough of them.
        let profiles = (0..<12).map { _ in Self.print(voices.voice()) }
        let (scores, normalised) = scorer.scores(test, candidates, cohort: profiles)
        #expect(normalised)
        #expect(scores[1] >= DVectorEngine.normalisedCalibration.acceptance, "\(scores)")
    }

    @Test func anotherEnginesVoiceprintNeverMatches() {
        var voices = Voices()
        let cohort = Self.cohort(&voices, count: 20)
        let speaker = voices.voice()
        let foreign = Voiceprint(
            engine: "classical-gmm-ubm-1", dimension: 38, vectors: [Float](repeating: 0.1, count: 380), speechSeconds: 3)
        let (scores, normalised) = Self.scorer(cohort: cohort).scores(
            Self.print(voices.take(of: speaker)), [foreign, Self.print(speaker)], cohort: [])
        #expect(normalised)
        #expect(scores[0] == DVectorScorer.incomparable)
        #expect(DVectorEngine.normalisedCalibration.identification(scores).match == 1)
    }

    @Test func oneConditionProfilesStillScore() {
        var voices = Voices()
        let speaker = voices.voice()
        let old = Voiceprint(engine: Self.engine, dimension: Self.width, vectors: speaker, speechSeconds: 30)
        let model = DVectorSpeakerModel(old, engine: Self.engine)
        #expect(model?.telephone == nil)
        #expect((model?.similarity(toTest: speaker) ?? 0) > 0.999)
    }

    @Test func normalisationIsTheMeanOfBothSidesDeviationsAndNeedsACohort() {
        let normalisation = ScoreNormalisation(minimumCohort: 4)
        // Test side: mean 0.5, deviation 0.1; model side: mean 0.6, deviation 0.2.
        let value = normalisation.normalised(0.9, testCohort: [0.4, 0.6, 0.4, 0.6], modelCohort: [0.4, 0.8, 0.4, 0.8])
        #expect(abs(value! - (4.0 + 1.5) / 2) < 1e-9)
        #expect(normalisation.normalised(0.9, testCohort: [0.4, 0.6], modelCohort: [0.4, 0.8, 0.4, 0.8]) == nil)
        // A cohort of identical scores is floored, not divided by zero.
        #expect(normalisation.normalised(0.6, testCohort: [0.5, 0.5, 0.5, 0.5], modelCohort: [0.5, 0.5, 0.5, 0.5])!.isFinite)
        // Adaptive: only the highest scores count.
        let adaptive = ScoreNormalisation(minimumCohort: 4, top: 2)
        #expect(abs(adaptive.statistics([0.1, 0.2, 0.8, 0.6])!.mean - 0.7) < 1e-9)
    }

    /// A test voiceprint records the span of its power above 4 kHz; under
    /// ``HighBandActivity/narrowBandSpan`` its normalised scores against full-band enrollments
    /// are raised by the offset. An unmeasured span (−1) or a plain d-vector counts as full band,
    /// a narrow-band enrollment (its d-vector in both halves) is a matched channel and takes the
    /// matched offset instead, and raw cosines never move.
    @Test func aNarrowBandTestIsRaisedByTheOffsetAndNothingElseIs() {
        var voices = Voices()
        let cohort = Self.cohort(&voices, count: 20)
        let speakers = (0..<5).map { _ in voices.voice() }
        // Full-band enrollments: the telephone-band half differs from the d-vector.
        let candidates = speakers.map { speaker in
            Voiceprint(
                engine: Self.engine, dimension: 2 * Self.width, vectors: speaker + voices.take(of: speaker, noise: 0.3), speechSeconds: 30)
        }
        #expect(candidates.allSatisfy { !DVectorSpeakerModel($0, engine: Self.engine)!.isNarrowBand })
        #expect(DVectorSpeakerModel(Self.print(speakers[0]), engine: Self.engine)!.isNarrowBand)
        let heard = voices.take(of: speakers[2])
        func test(span: Float?) -> Voiceprint {
            Voiceprint(
                engine: Self.engine, dimension: Self.width + (span == nil ? 0 : 1), vectors: heard + (span.map { [$0] } ?? []),
                speechSeconds: 5)
        }
        var scorer = Self.scorer(cohort: cohort)
        scorer.narrowBandOffset = 0.47
        let full = scorer.scores(test(span: nil), candidates, cohort: [])
        #expect(full.normalised)
        for span: Float in [20, 6, -1] {
            #expect(scorer.scores(test(span: span), candidates, cohort: []).scores == full.scores, "span \(span)")
        }
        for span: Float in [0, 1.5, 5.9] {
            let narrow = scorer.scores(test(span: span), candidates, cohort: [])
            for (raised, plain) in zip(narrow.scores, full.scores) { #expect(abs(raised - plain - 0.47) < 1e-9, "span \(span)") }
        }
        // A candidate enrolled through a narrow band: verification against it takes the matched offset.
        scorer.matchedNarrowBandOffset = -0.4
        let narrowProfile = Self.print(speakers[2])
        let matched = scorer.scores(test(span: 1.5), [narrowProfile], cohort: candidates).scores[0]
        #expect(abs(matched - scorer.scores(test(span: 20), [narrowProfile], cohort: candidates).scores[0] + 0.4) < 1e-9)
        var raw = Self.scorer(cohort: nil)
        raw.narrowBandOffset = 0.47
        let few = Array(candidates.prefix(3))
        #expect(raw.scores(test(span: 1.5), few, cohort: []).normalised == false)
        #expect(raw.scores(test(span: 1.5), few, cohort: []).scores == raw.scores(test(span: nil), few, cohort: []).scores)
    }
}
