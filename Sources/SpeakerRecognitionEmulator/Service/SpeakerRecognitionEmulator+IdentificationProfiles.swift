import Foundation
import SpeakerEngines
import SpeakerRecognition

extension SpeakerRecognitionEmulator {
    static let maximumIdentificationCandidates = 10

    func createIdentificationProfile(body: Data, contentType: String?) throws(ServiceFailure) -> TransportResponse {
        let locale = try LocaleRequest.locale(body: body, contentType: contentType, supported: Locales.identification)
        try checkProfileQuota()
        let now = clock.now()
        let record = IdentificationProfileRecord(id: .random(), locale: locale, created: now, lastAction: now)
        try persist { try storage.save(record) }
        identificationProfiles[record.id] = record
        return EmulatorResponse.json(.object(["identificationProfileId": .string(record.id.description)]))
    }

    func listIdentificationProfiles() -> TransportResponse {
        let records = identificationProfiles.values.sorted { ($0.created, $0.id.description) < ($1.created, $1.id.description) }
        return EmulatorResponse.json(.array(records.map(\.json)))
    }

    func identificationProfile(_ text: String) throws(ServiceFailure) -> TransportResponse {
        EmulatorResponse.json(try existingIdentificationProfile(text).json)
    }

    func deleteIdentificationProfile(_ text: String) throws(ServiceFailure) -> TransportResponse {
        let record = try existingIdentificationProfile(text)
        try persist { try storage.deleteProfile(record.id) }
        identificationProfiles[record.id] = nil
        return EmulatorResponse.empty()
    }

    func resetIdentificationProfile(_ text: String) throws(ServiceFailure) -> TransportResponse {
        var record = try existingIdentificationProfile(text)
        record.reset(at: clock.now())
        try persist { try storage.save(record) }
        identificationProfiles[record.id] = record
        return EmulatorResponse.empty()
    }

    func enrollIdentificationProfile(
        _ text: String, query: RequestQuery, upload: PreparedUpload, url: URL
    ) throws(ServiceFailure) -> TransportResponse {
        let record = try existingIdentificationProfile(text)
        let shortAudio = try query.shortAudio()
        let audio = try upload.data()
        _ = try upload.checked(.identificationEnrollment, shortAudio: shortAudio)
        return try accept(.enrollment, OperationInput(profiles: [record.id], shortAudio: shortAudio, audio: audio), url: url)
    }

    func identify(query: RequestQuery, upload: PreparedUpload, url: URL) throws(ServiceFailure) -> TransportResponse {
        let ids = try query.profileIDs("identificationProfileIds", limit: Self.maximumIdentificationCandidates)
        for id in ids where identificationProfiles[id] == nil {
            throw ServiceFailure(status: 404, code: "NotFound", message: "Requested profile doesn't exist: \(id).")
        }
        let shortAudio = try query.shortAudio()
        let audio = try upload.data()
        _ = try upload.checked(.identification, shortAudio: shortAudio)
        return try accept(.identification, OperationInput(profiles: ids, shortAudio: shortAudio, audio: audio), url: url)
    }

    func existingIdentificationProfile(_ text: String) throws(ServiceFailure) -> IdentificationProfileRecord {
        let id = try ProfileID.parse(text)
        guard let record = identificationProfiles[id] else { throw .profileNotFound }
        return record
    }

    func checkProfileQuota() throws(ServiceFailure) {
        guard identificationProfiles.count + verificationProfiles.count < configuration.maximumProfiles else {
            throw ServiceFailure(
                status: 403, code: "QuotaExceeded",
                message:
                    "One subscription can only create \(configuration.maximumProfiles) speaker verification/identification profiles at most. Delete profiles you no longer need."
            )
        }
    }
}
