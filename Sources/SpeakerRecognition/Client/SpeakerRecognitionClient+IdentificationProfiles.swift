import Foundation

extension SpeakerRecognitionClient {
    /// Creates an identification profile (`POST /identificationProfiles`). Locales: `en-us`, `zh-cn`.
    public func createIdentificationProfile(locale: String = "en-us") async throws(SpidError) -> ProfileID {
        try await sendDecoding(
            CreatedIdentificationProfile.self, "POST", endpoint.url("/identificationProfiles"),
            body: Self.localeBody(locale), contentType: "application/json"
        ).identificationProfileId
    }

    /// Reads one identification profile (`GET /identificationProfiles/{id}`).
    public func identificationProfile(_ id: ProfileID) async throws(SpidError) -> IdentificationProfile {
        try await sendDecoding(IdentificationProfile.self, "GET", endpoint.url("/identificationProfiles/\(id)"))
    }

    /// Lists every identification profile of the subscription (`GET /identificationProfiles`).
    public func identificationProfiles() async throws(SpidError) -> [IdentificationProfile] {
        try await sendDecoding([IdentificationProfile].self, "GET", endpoint.url("/identificationProfiles"))
    }

    /// Deletes a profile and its enrollments (`DELETE /identificationProfiles/{id}`).
    public func deleteIdentificationProfile(_ id: ProfileID) async throws(SpidError) {
        _ = try await send("DELETE", endpoint.url("/identificationProfiles/\(id)"))
    }

    /// Deletes a profile's enrollments, back to `Enrolling` (`POST /identificationProfiles/{id}/reset`).
    public func resetIdentificationProfile(_ id: ProfileID) async throws(SpidError) {
        _ = try await send("POST", endpoint.url("/identificationProfiles/\(id)/reset"))
    }

    /// Starts an enrollment (`POST /identificationProfiles/{id}/enroll`) and returns where to watch it.
    ///
    /// - Parameters:
    ///   - audio: a WAV file (PCM, 16 kHz, 16-bit, mono), 5 s to 5 min, sent raw.
    ///   - id: the identification profile to enroll.
    ///   - shortAudio: waive the 30 s speech minimum and accept 1 s of audio.
    public func enroll(
        _ audio: Data, identificationProfile id: ProfileID, shortAudio: Bool = false
    ) async throws(SpidError) -> OperationLocation {
        try Self.checkAudio(audio)
        let url = endpoint.url("/identificationProfiles/\(id)/enroll", query: [("shortAudio", shortAudio ? "true" : "false")])
        return try await startOperation(url, audio: audio)
    }

    /// Starts an identification among up to 10 profiles (`POST /identify`) and returns where to watch it.
    public func identify(
        _ audio: Data, among candidates: [ProfileID], shortAudio: Bool = false
    ) async throws(SpidError) -> OperationLocation {
        guard !candidates.isEmpty else {
            throw SpidError(.invalidRequest, "identify needs at least one candidate profile id")
        }
        guard candidates.count <= Self.maximumIdentificationCandidates else {
            throw SpidError(
                .invalidRequest,
                "identify takes at most \(Self.maximumIdentificationCandidates) profile ids, not \(candidates.count); split the candidates into batches of \(Self.maximumIdentificationCandidates)"
            )
        }
        try Self.checkAudio(audio)
        let url = endpoint.url(
            "/identify",
            query: [
                ("identificationProfileIds", candidates.map(\.description).joined(separator: ",")),
                ("shortAudio", shortAudio ? "true" : "false"),
            ])
        return try await startOperation(url, audio: audio)
    }

    /// POSTs audio and reads the `Operation-Location` of the 202 that answers it.
    func startOperation(_ url: URL, audio: Data) async throws(SpidError) -> OperationLocation {
        let response = try await send("POST", url, body: audio, contentType: "application/octet-stream")
        let context = SpidError.RequestContext(method: "POST", url: url, requestID: response.headers["apim-request-id"])
        let values = response.headers.values(for: "Operation-Location")
        let expected =
            "expected \(response.statusCode == 202 ? "the 202" : "a 202 Accepted") to carry one Operation-Location header with an absolute URL"
        guard let value = values.first?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw SpidError(
                .invalidResponse, "\(expected), but it has none", statusCode: response.statusCode, context: context,
                bodySnippet: response.body.isEmpty ? nil : SpidError.snippet(of: response.body))
        }
        // URLSession on Linux joins repeated headers with ", ".
        let joined = value.range(of: #",\s*https?://"#, options: [.regularExpression, .caseInsensitive]) != nil
        guard values.count == 1, !joined else {
            throw SpidError(
                .invalidResponse, "\(expected), but it has \(max(values.count, 2)): \(values.joined(separator: ", "))",
                statusCode: response.statusCode, context: context)
        }
        guard var location = URL(string: value, relativeTo: url).flatMap({ OperationLocation($0.absoluteURL) }) else {
            throw SpidError(
                .invalidResponse, "\(expected), but \"\(value)\" is not a URL", statusCode: response.statusCode, context: context)
        }
        location.retryAfter = RetryAfter.parse(response.headers)
        return location
    }
}
