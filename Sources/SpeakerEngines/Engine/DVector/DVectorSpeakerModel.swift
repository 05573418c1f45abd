/// What the d-vector engine compares: a voice's normalised mean d-vector as recorded, and the
/// same as heard through a telephone band when the voiceprint has one (multi-condition).
struct DVectorSpeakerModel: Sendable {
    /// The mean d-vector of the audio as it was uploaded, normalised.
    let clean: [Float]
    /// The mean telephone-band d-vector, normalised; `nil` for a voiceprint of one condition.
    let telephone: [Float]?

    /// The model of a voiceprint of `engine`: rows of 256 floats (one condition) or 512 (the
    /// upload's d-vector then its telephone-band one). `nil` for another engine's voiceprint.
    init?(_ voiceprint: Voiceprint, engine: String) {
        let width = DVectorModel.embedding
        guard voiceprint.engine == engine, voiceprint.dimension == width || voiceprint.dimension == 2 * width,
            voiceprint.rowCount > 0
        else { return nil }
        var clean = [Float](repeating: 0, count: width)
        var telephone = [Float](repeating: 0, count: width)
        let dimension = voiceprint.dimension
        for row in 0..<voiceprint.rowCount {
            let start = row * dimension
            for index in 0..<width { clean[index] += voiceprint.vectors[start + index] }
            if dimension == 2 * width {
                for index in 0..<width { telephone[index] += voiceprint.vectors[start + width + index] }
            }
        }
        self.clean = SpeakerEncoderNetwork.normalised(clean)
        self.telephone = dimension == 2 * width ? SpeakerEncoderNetwork.normalised(telephone) : nil
    }

    init(clean: [Float], telephone: [Float]?) {
        self.clean = clean
        self.telephone = telephone
    }

    /// How alike a test's d-vector (as uploaded) is to this voice: the cosine with the clean
    /// model, or with the telephone-band one when that is higher (the test came through a
    /// narrower channel than the enrollment).
    func similarity(toTest test: [Float]) -> Double {
        let plain = Self.cosine(clean, test)
        guard let telephone else { return plain }
        return max(plain, Self.cosine(telephone, test))
    }

    /// How alike two voices are, condition by condition (clean with clean, telephone band with
    /// telephone band), for the model side of the normalisation.
    func similarity(toModel other: DVectorSpeakerModel) -> Double {
        let plain = Self.cosine(clean, other.clean)
        guard let telephone, let otherTelephone = other.telephone else { return plain }
        return max(plain, Self.cosine(telephone, otherTelephone))
    }

    /// Whether the voice was enrolled through a narrow band: such an upload has no full-band
    /// condition, so its row holds its d-vector twice, and a profile of such uploads only has a
    /// telephone-band model equal to its clean one.
    var isNarrowBand: Bool {
        guard let telephone else { return false }
        return Self.cosine(clean, telephone) > 0.99999
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var sum: Float = 0
        for index in 0..<min(a.count, b.count) { sum += a[index] * b[index] }
        return Double(sum)
    }
}
