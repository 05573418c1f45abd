import Testing

@testable import SpeakerEngines

/// Profiles of one condition (enrolled before multi-condition voiceprints) and of two mix.
@Suite struct DVectorMergingTests {
    static let model: DVectorModel? = try? DVectorModel(directory: DVectorModel.defaultDirectory())
    static let present = model != nil
    static let width = 256

    static func print(_ value: Float, dimension: Int) -> Voiceprint {
        Voiceprint(
            engine: "dvector-ge2e-resemblyzer-1", dimension: dimension, vectors: [Float](repeating: value, count: dimension),
            speechSeconds: 10)
    }

    @Test(.enabled(if: present, "no weights: run scripts/fetch-model"))
    func aOneConditionProfileTakesATwoConditionEnrollment() throws {
        let engine = DVectorEngine(model: try #require(Self.model), cohort: nil)
        let merged = engine.merging(Self.print(0.5, dimension: 2 * Self.width), into: Self.print(0.25, dimension: Self.width))
        #expect(merged.dimension == 2 * Self.width)
        #expect(merged.rowCount == 2)
        #expect(merged.vectors.prefix(2 * Self.width).allSatisfy { $0 == 0.25 })
        #expect(merged.speechSeconds == 20)
    }

    @Test(.enabled(if: present, "no weights: run scripts/fetch-model"))
    func aTwoConditionProfileKeepsItsEnrollmentsWhenAOneConditionOneJoins() throws {
        var engine = DVectorEngine(model: try #require(Self.model), cohort: nil)
        engine.multiCondition = false
        let merged = engine.merging(Self.print(0.5, dimension: Self.width), into: Self.print(0.25, dimension: 2 * Self.width))
        #expect(merged.dimension == 2 * Self.width)
        #expect(merged.rowCount == 2)
        #expect(merged.vectors.suffix(2 * Self.width).allSatisfy { $0 == 0.5 })
    }
}
