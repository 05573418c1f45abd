/// The `processingResult` of a succeeded identification.
public struct IdentificationResult: Codable, Hashable, Sendable {
    /// The speaker found, or the zero GUID when the audio matches none of the candidates.
    public var identifiedProfileId: ProfileID
    public var confidence: Confidence
    /// The identified candidate's calibrated score, 0–1 (0.5 is where the service starts to
    /// name someone). Not part of v1.0: only a spid-server started with `--scores` sends it.
    public var score: Double?
    /// Every candidate with its calibrated score, best first, as the successor API reported
    /// them. Sent with ``score`` only.
    public var profilesRanking: [RankedProfile]?

    public init(
        identifiedProfileId: ProfileID, confidence: Confidence, score: Double? = nil, profilesRanking: [RankedProfile]? = nil
    ) {
        self.identifiedProfileId = identifiedProfileId
        self.confidence = confidence
        self.score = score
        self.profilesRanking = profilesRanking
    }

    /// The identified profile, or `nil` when the service identified nobody (the zero GUID).
    public var identifiedProfile: ProfileID? { identifiedProfileId.isZero ? nil : identifiedProfileId }
}
