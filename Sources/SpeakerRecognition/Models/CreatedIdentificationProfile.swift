/// The body of `POST /identificationProfiles`: `{"identificationProfileId": "…"}`.
public struct CreatedIdentificationProfile: Codable, Hashable, Sendable {
    public var identificationProfileId: ProfileID

    public init(identificationProfileId: ProfileID) { self.identificationProfileId = identificationProfileId }
}
