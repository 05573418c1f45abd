import Foundation
import SpidTestSupport
import Testing

@testable import SpeakerEngines

/// The committed generic background model, and its generator (`scripts/fixtures/make-background`).
@Suite struct GenericBackgroundTests {
    @Test func committedModelIsAValidMixture() {
        let dimension = GenericBackground.dimension
        let components = GenericBackground.weights.count
        #expect(dimension == MelCepstrum.dimension)
        #expect(components >= 16, "the generic background has only \(components) components; rerun scripts/fixtures/make-background")
        #expect(GenericBackground.means.count == components * dimension)
        #expect(GenericBackground.variances.count == components * dimension)
        #expect(abs(GenericBackground.weights.reduce(0, +) - 1) < 1e-3)
        #expect(GenericBackground.variances.allSatisfy { $0 > 0 && $0.isFinite })
        let frames = ClassicalEngine.genericFrames
        #expect(frames.rowCount == 1500)
        #expect(frames.values == ClassicalEngine.genericFrames.values, "sampling must be deterministic")
    }

    /// Writes the model when `SPID_WRITE_BACKGROUND_MODEL` names the output (the maintainers' script does).
    @Test func regeneratesWhenAsked() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let output = environment["SPID_WRITE_BACKGROUND_MODEL"], let voices = environment["SPID_BACKGROUND_VOICES"]
        else { return }
        let engine = ClassicalEngine()
        var pooled = FeatureMatrix(dimension: MelCepstrum.dimension)
        let files = try FileManager.default.contentsOfDirectory(atPath: voices).filter { $0.hasSuffix(".wav") }.sorted()
        for file in files {
            let audio = try WAVEDecoder().decode(try Data(contentsOf: URL(fileURLWithPath: voices).appendingPathComponent(file)))
            let voiceprint = try engine.voiceprint(of: SpeechSample(audio))
            pooled.append(contentsOf: FeatureMatrix(dimension: voiceprint.dimension, values: voiceprint.vectors))
        }
        let model = GaussianMixture.train(on: pooled, components: 32, iterations: 20)
        let source = model.swiftSource(
            typeName: "GenericBackground",
            comment: "32 components, MFCC c1-19 + deltas with CMVN, from \(files.count) espeak-ng voices (\(pooled.rowCount) frames).")
        try source.write(toFile: output, atomically: true, encoding: .utf8)
    }
}
