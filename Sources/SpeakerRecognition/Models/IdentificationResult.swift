/// The `processingResult` of a succeeded identification.
public struct IdentificationResult: Codable, Hashable, Sendable {
    /// The speaker found, or the zero GUID when the audio matches none of the candidates.
    public var identifiedProfileId: ProfileID
    public var confidence: Confidence

    public init(identifiedProfileId: ProfileID, confidence: Confidence) {
        self.identifiedProfileId = identifiedProfileId
        self.confidence = confidence
    }

    /// The identified profile, or `nil` when the service identified nobody (the zero GUID).
    public var identifiedProfile: ProfileID? { identifiedProfileId.isZero ? nil : identifiedProfileId }
}
