import Foundation

extension SpeakerRecognitionClient {
    /// Creates a verification profile (`POST /verificationProfiles`). Locale: `en-us`.
    public func createVerificationProfile(locale: String = "en-us") async throws(SpidError) -> ProfileID {
        try await sendDecoding(
            CreatedVerificationProfile.self, "POST", endpoint.url("/verificationProfiles"),
            body: Self.localeBody(locale), contentType: "application/json"
        ).verificationProfileId
    }

    /// Reads one verification profile (`GET /verificationProfiles/{id}`).
    public func verificationProfile(_ id: ProfileID) async throws(SpidError) -> VerificationProfile {
        try await sendDecoding(VerificationProfile.self, "GET", endpoint.url("/verificationProfiles/\(id)"))
    }

    /// Lists every verification profile of the subscription (`GET /verificationProfiles`).
    public func verificationProfiles() async throws(SpidError) -> [VerificationProfile] {
        try await sendDecoding([VerificationProfile].self, "GET", endpoint.url("/verificationProfiles"))
    }

    /// Deletes a profile and its enrollments (`DELETE /verificationProfiles/{id}`).
    public func deleteVerificationProfile(_ id: ProfileID) async throws(SpidError) {
        _ = try await send("DELETE", endpoint.url("/verificationProfiles/\(id)"))
    }

    /// Deletes a profile's enrollments, back to 3 remaining (`POST /verificationProfiles/{id}/reset`).
    public func resetVerificationProfile(_ id: ProfileID) async throws(SpidError) {
        _ = try await send("POST", endpoint.url("/verificationProfiles/\(id)/reset"))
    }

    /// Enrolls one recording of a supported phrase (`POST /verificationProfiles/{id}/enroll`); synchronous.
    /// Three recordings of the same phrase make the profile `Enrolled`.
    public func enroll(_ audio: Data, verificationProfile id: ProfileID) async throws(SpidError) -> VerificationEnrollmentResult {
        try Self.checkAudio(audio)
        return try await sendDecoding(
            VerificationEnrollmentResult.self, "POST", endpoint.url("/verificationProfiles/\(id)/enroll"),
            body: audio, contentType: "application/octet-stream")
    }

    /// Checks that the speaker of `audio` (1 to 15 s of the enrolled phrase) is the profile's (`POST /verify`).
    public func verify(_ audio: Data, against id: ProfileID) async throws(SpidError) -> VerificationResult {
        try Self.checkAudio(audio)
        return try await sendDecoding(
            VerificationResult.self, "POST", endpoint.url("/verify", query: [("verificationProfileId", id.description)]),
            body: audio, contentType: "application/octet-stream")
    }

    /// The phrases a verification profile can enroll with (`GET /verificationPhrases?locale=…`).
    public func verificationPhrases(locale: String = "en-us") async throws(SpidError) -> [VerificationPhrase] {
        try await sendDecoding([VerificationPhrase].self, "GET", endpoint.url("/verificationPhrases", query: [("locale", locale)]))
    }
}
