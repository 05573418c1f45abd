/// The d-vector engine's scoring: raw cosines of a test against candidate profiles, S-normalised
/// against the built-in cohort, the subscription's other profiles and the other candidates.
///
/// Kept apart from ``DVectorEngine`` because it needs no weights: it works on voiceprints alone.
struct DVectorScorer: Sendable {
    /// The engine's name; voiceprints of another engine are incomparable.
    let engine: String
    let cohort: DVectorCohort?
    let normalisation: ScoreNormalisation
    let maximumProfileCohort: Int
    /// Added to the normalised score of a narrow-band test (``HighBandActivity``) against each
    /// full-band model: the channel mismatch lowers the speaker's own score.
    var narrowBandOffset = 0.0
    /// Added instead against a model enrolled through a narrow band itself: a matched channel.
    var matchedNarrowBandOffset = 0.0

    /// The normalised score given to a candidate whose voiceprint another engine made: far below
    /// any threshold, so it never matches (enroll it again).
    static let incomparable = -10.0

    /// One score per candidate, and whether they are S-normalised (else raw cosines, −1 for an
    /// incomparable voiceprint, because the cohort is too small). Every other candidate is in the
    /// cohort of each: for identification they are the competition.
    ///
    /// The best raw cosine picks the candidate; the others' normalised scores are capped just
    /// under its, so the ranking and the match agree. S-norm's per-model statistics reorder close
    /// candidates, which cost two points of closed-set accuracy on clean real speech, while the
    /// normalised score decides better whether the best candidate is the speaker at all.
    func scores(_ test: Voiceprint, _ candidates: [Voiceprint], cohort profiles: [Voiceprint]) -> (scores: [Double], normalised: Bool) {
        let width = DVectorModel.embedding
        guard test.engine == engine, Self.isTestWidth(test.dimension), test.rowCount > 0 else {
            return (candidates.map { _ in -1 }, false)
        }
        let narrow = Self.isNarrowBand(test)
        let heard = SpeakerEncoderNetwork.normalised(Array(test.vectors.prefix(width)))
        let models = candidates.map { DVectorSpeakerModel($0, engine: engine) }
        let raw = models.map { $0?.similarity(toTest: heard) ?? -1 }
        let background =
            (cohort?.models ?? [])
            + Self.evenly(profiles, atMost: maximumProfileCohort).compactMap { DVectorSpeakerModel($0, engine: engine) }
        let others = models.compactMap { $0 }.count - 1
        guard normalisation.accepts(cohortCount: background.count + max(0, others)) else { return (raw, false) }
        let backgroundScores = background.map { $0.similarity(toTest: heard) }
        var normalised: [Double] = []
        for (index, model) in models.enumerated() {
            guard let model else {
                normalised.append(Self.incomparable)
                continue
            }
            var testCohort = backgroundScores
            var modelCohort = background.map { model.similarity(toModel: $0) }
            for (other, otherModel) in models.enumerated() where other != index {
                guard let otherModel else { continue }
                testCohort.append(raw[other])
                modelCohort.append(model.similarity(toModel: otherModel))
            }
            let score = normalisation.normalised(raw[index], testCohort: testCohort, modelCohort: modelCohort)
            let raise = narrow ? (model.isNarrowBand ? matchedNarrowBandOffset : narrowBandOffset) : 0
            normalised.append(score.map { $0 + raise } ?? Self.incomparable)
        }
        if let best = raw.indices.max(by: { raw[$0] < raw[$1] }), models[best] != nil {
            for index in normalised.indices where index != best {
                normalised[index] = min(normalised[index], normalised[best] - Self.rankingGap)
            }
        }
        return (normalised, true)
    }

    /// Widths of a voiceprint that can be a test: a d-vector (256), a test voiceprint (257, with
    /// the span of its power above 4 kHz) or an enrollment's two conditions (512).
    static func isTestWidth(_ dimension: Int) -> Bool {
        let width = DVectorModel.embedding
        return dimension == width || dimension == width + 1 || dimension == 2 * width
    }

    /// Whether a test voiceprint says it was heard through a narrow band.
    static func isNarrowBand(_ test: Voiceprint) -> Bool {
        guard test.dimension == DVectorModel.embedding + 1, test.rowCount == 1 else { return false }
        let span = Double(test.vectors[DVectorModel.embedding])
        return span >= 0 && HighBandActivity.isNarrowBand(span: span)
    }

    /// How far under the raw-best candidate's normalised score the others are capped.
    static let rankingGap = 1e-6

    private static func evenly<T>(_ items: [T], atMost limit: Int) -> [T] {
        guard items.count > limit, limit > 0 else { return items }
        return (0..<limit).map { items[$0 * items.count / limit] }
    }
}
