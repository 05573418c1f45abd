import Foundation

/// Voices the d-vector engine normalises its scores against, besides the subscription's other
/// profiles: each is a d-vector as recorded and as heard through a telephone band.
///
/// The built-in cohort is one voice per language of KLettres (Debian's `klettres-data`, GPL-2+):
/// real people reading letters and syllables, none of whom is in the evaluation corpora or the
/// tests. It is compiled in (`DVectorCohortData`, made by `scripts/fixtures/make-cohort`), so
/// there is no file to lose. An engine without it (``empty``, or a build whose data was removed)
/// normalises against the other enrolled profiles alone when there are enough of them, and
/// otherwise falls back to raw cosine scores and their own calibration.
public struct DVectorCohort: Sendable {
    /// The voices' names (`klettres-LANGUAGE` for the built-in cohort).
    public let voices: [String]
    let models: [DVectorSpeakerModel]

    /// An empty cohort: only the other enrolled profiles are used.
    public static let empty = DVectorCohort(voices: [], models: [])

    /// The compiled-in cohort, or `nil` when this build has none or it was embedded with other
    /// weights than ``DVectorModel/weightsSHA256`` (scores against it would mean nothing).
    public static let builtIn: DVectorCohort? = decode(
        voices: DVectorCohortData.voices, base64: DVectorCohortData.vectors, dimension: DVectorCohortData.dimension,
        weightsSHA256: DVectorCohortData.weightsSHA256)

    /// A cohort of the given voiceprints of the d-vector engine (`engine` is its name).
    public init(voiceprints: [String: Voiceprint], engine: String) {
        let names = voiceprints.keys.sorted()
        var kept: [String] = []
        var models: [DVectorSpeakerModel] = []
        for name in names {
            guard let model = DVectorSpeakerModel(voiceprints[name]!, engine: engine) else { continue }
            kept.append(name)
            models.append(model)
        }
        self.init(voices: kept, models: models)
    }

    init(voices: [String], models: [DVectorSpeakerModel]) {
        self.voices = voices
        self.models = models
    }

    /// How many voices it holds.
    public var count: Int { models.count }

    /// Reads the generated data; `nil` when it is empty, damaged or of other weights.
    static func decode(voices: [String], base64: String, dimension: Int, weightsSHA256: String) -> DVectorCohort? {
        let width = DVectorModel.embedding
        guard !voices.isEmpty, weightsSHA256 == DVectorModel.weightsSHA256, dimension == 2 * width,
            let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters), data.count == voices.count * dimension * 4
        else { return nil }
        var floats = [Float](repeating: 0, count: voices.count * dimension)
        floats.withUnsafeMutableBytes { target in data.withUnsafeBytes { target.copyMemory(from: $0) } }
        #if _endian(big)
        floats = floats.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
        let models = voices.indices.map { row in
            let start = row * dimension
            return DVectorSpeakerModel(
                clean: SpeakerEncoderNetwork.normalised(Array(floats[start..<start + width])),
                telephone: SpeakerEncoderNetwork.normalised(Array(floats[start + width..<start + dimension])))
        }
        return DVectorCohort(voices: voices, models: models)
    }
}
