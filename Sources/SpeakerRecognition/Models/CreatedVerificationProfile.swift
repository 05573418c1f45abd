/// The body of `POST /verificationProfiles`: `{"verificationProfileId": "…"}`.
public struct CreatedVerificationProfile: Codable, Hashable, Sendable {
    public var verificationProfileId: ProfileID

    public init(verificationProfileId: ProfileID) { self.verificationProfileId = verificationProfileId }
}
