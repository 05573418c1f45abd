import Foundation
import Testing

@testable import SpeakerEngines

/// The built-in cohort compiled into the d-vector engine, and the refusal of damaged data.
@Suite struct DVectorCohortTests {
    @Test func theBuiltInCohortIsPresentAndMatchesTheWeights() throws {
        let cohort = try #require(DVectorCohort.builtIn, "regenerate it with scripts/fixtures/make-cohort")
        #expect(cohort.count == DVectorCohortData.voices.count)
        #expect(cohort.count >= 16)
        #expect(Set(cohort.voices).count == cohort.count)
        for model in cohort.models {
            #expect(abs(DVectorSpeakerModel.cosine(model.clean, model.clean) - 1) < 1e-4)
            #expect(model.telephone != nil)
        }
    }

    @Test func damagedOrForeignDataIsNotUsed() {
        let data = DVectorCohortData.self
        #expect(
            DVectorCohort.decode(
                voices: data.voices, base64: String(data.vectors.dropLast(200)), dimension: data.dimension,
                weightsSHA256: data.weightsSHA256)
                == nil)
        #expect(DVectorCohort.decode(voices: data.voices, base64: data.vectors, dimension: data.dimension, weightsSHA256: "0123") == nil)
        #expect(DVectorCohort.decode(voices: [], base64: "", dimension: data.dimension, weightsSHA256: data.weightsSHA256) == nil)
        #expect(DVectorCohort.decode(voices: data.voices, base64: data.vectors, dimension: 256, weightsSHA256: data.weightsSHA256) == nil)
    }

    @Test func aCohortOfVoiceprintsKeepsOnlyTheEnginesOwn() {
        let engine = "dvector-ge2e-resemblyzer-1"
        let vector = [Float](repeating: 1 / 16, count: 256)
        let cohort = DVectorCohort(
            voiceprints: [
                "a": Voiceprint(engine: engine, dimension: 512, vectors: vector + vector, speechSeconds: 1),
                "b": Voiceprint(engine: "classical-gmm-ubm-1", dimension: 38, vectors: [Float](repeating: 0, count: 38), speechSeconds: 1),
            ], engine: engine)
        #expect(cohort.voices == ["a"])
    }
}
