/// One candidate of an identification with its calibrated score (0–1): an entry of
/// ``IdentificationResult/profilesRanking``.
public struct RankedProfile: Codable, Hashable, Sendable {
    public var profileId: ProfileID
    public var score: Double

    public init(profileId: ProfileID, score: Double) {
        self.profileId = profileId
        self.score = score
    }
}
