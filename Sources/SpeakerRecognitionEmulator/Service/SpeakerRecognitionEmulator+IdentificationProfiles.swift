import Foundation
import SpeakerEngines
import SpeakerRecognition

extension SpeakerRecognitionEmulator {
    static let maximumIdentificationCandidates = 10

    nonisolated func createIdentificationProfile(body: Data, contentType: String?) async throws(ServiceFailure) -> TransportResponse {
        let locale = try LocaleRequest.locale(body: body, contentType: contentType, supported: Locales.identification)
        let now = clock.now()
        let record = IdentificationProfileRecord(id: .random(), locale: locale, created: now, lastAction: now)
        let quota = configuration.maximumProfiles
        guard try await stored({ try await store.insert(record, quota: quota) }) else { throw .quotaExceeded(quota) }
        return EmulatorResponse.json(.object(["identificationProfileId": .string(record.id.description)]))
    }

    nonisolated func listIdentificationProfiles() async throws(ServiceFailure) -> TransportResponse {
        let records = try await stored { try await store.identificationProfiles() }
            .sorted { ($0.created, $0.id.description) < ($1.created, $1.id.description) }
        return EmulatorResponse.json(.array(records.map(\.json)))
    }

    nonisolated func identificationProfile(_ text: String) async throws(ServiceFailure) -> TransportResponse {
        EmulatorResponse.json(try await existingIdentificationProfile(text).json)
    }

    nonisolated func deleteIdentificationProfile(_ text: String) async throws(ServiceFailure) -> TransportResponse {
        let id = try ProfileID.parse(text)
        guard try await stored({ try await store.deleteIdentificationProfile(id) }) else { throw .profileNotFound }
        return EmulatorResponse.empty()
    }

    nonisolated func resetIdentificationProfile(_ text: String) async throws(ServiceFailure) -> TransportResponse {
        let id = try ProfileID.parse(text)
        let now = clock.now()
        try await stored {
            try await store.changeIdentificationProfile(id) {
                $0.reset(at: now); return .success(())
            }
        }.get()
        return EmulatorResponse.empty()
    }

    nonisolated func enrollIdentificationProfile(
        _ text: String, query: RequestQuery, upload: PreparedUpload, url: URL
    ) async throws(ServiceFailure) -> TransportResponse {
        let record = try await existingIdentificationProfile(text)
        let shortAudio = try query.shortAudio()
        let audio = try upload.data()
        _ = try upload.checked(.identificationEnrollment, shortAudio: shortAudio)
        return try await accept(.enrollment, profiles: [record.id], shortAudio: shortAudio, audio: audio, url: url)
    }

    nonisolated func identify(query: RequestQuery, upload: PreparedUpload, url: URL) async throws(ServiceFailure) -> TransportResponse {
        let ids = try query.profileIDs("identificationProfileIds", limit: Self.maximumIdentificationCandidates)
        for id in ids where try await stored({ try await store.identificationProfile(id) }) == nil {
            throw ServiceFailure(status: 404, code: "NotFound", message: "Requested profile doesn't exist: \(id).")
        }
        let shortAudio = try query.shortAudio()
        let audio = try upload.data()
        _ = try upload.checked(.identification, shortAudio: shortAudio)
        return try await accept(.identification, profiles: ids, shortAudio: shortAudio, audio: audio, url: url)
    }

    nonisolated func existingIdentificationProfile(_ text: String) async throws(ServiceFailure) -> IdentificationProfileRecord {
        let id = try ProfileID.parse(text)
        guard let record = try await stored({ try await store.identificationProfile(id) }) else { throw .profileNotFound }
        return record
    }
}
