import Foundation
import SpeakerEngines
import SpeakerRecognition

extension SpeakerRecognitionEmulator {
    func createVerificationProfile(body: Data, contentType: String?) throws(ServiceFailure) -> TransportResponse {
        let locale = try LocaleRequest.locale(body: body, contentType: contentType, supported: Locales.verification)
        try checkProfileQuota()
        let now = clock.now()
        let record = VerificationProfileRecord(id: .random(), locale: locale, created: now, lastAction: now)
        try persist { try storage.save(record) }
        verificationProfiles[record.id] = record
        return EmulatorResponse.json(.object(["verificationProfileId": .string(record.id.description)]))
    }

    func listVerificationProfiles() -> TransportResponse {
        let records = verificationProfiles.values.sorted { ($0.created, $0.id.description) < ($1.created, $1.id.description) }
        return EmulatorResponse.json(.array(records.map(\.json)))
    }

    func verificationProfile(_ text: String) throws(ServiceFailure) -> TransportResponse {
        EmulatorResponse.json(try existingVerificationProfile(text).json)
    }

    func deleteVerificationProfile(_ text: String) throws(ServiceFailure) -> TransportResponse {
        let record = try existingVerificationProfile(text)
        try persist { try storage.deleteProfile(record.id) }
        verificationProfiles[record.id] = nil
        return EmulatorResponse.empty()
    }

    func resetVerificationProfile(_ text: String) throws(ServiceFailure) -> TransportResponse {
        var record = try existingVerificationProfile(text)
        record.reset(at: clock.now())
        try persist { try storage.save(record) }
        verificationProfiles[record.id] = record
        return EmulatorResponse.empty()
    }

    func verificationPhrases(query: RequestQuery) throws(ServiceFailure) -> TransportResponse {
        guard let locale = query.value("locale"), !locale.isEmpty else {
            throw .badRequest("The query parameter locale is required, for example locale=en-us.")
        }
        guard let phrases = VerificationPhrases.phrases(for: locale) else {
            throw .badRequest(
                "Locale '\(locale)' is not supported for verification; use \(Locales.verification.sorted().joined(separator: " or ")).")
        }
        return EmulatorResponse.json(.array(phrases.map { .object(["phrase": .string($0)]) }))
    }

    /// A synchronous enrollment: the same phrase each time (`InvalidPhrase` otherwise), 3 to be enrolled.
    func enrollVerificationProfile(
        _ text: String, query: RequestQuery, upload: PreparedUpload
    ) async throws(ServiceFailure) -> TransportResponse {
        let id = try existingVerificationProfile(text).id
        let hint = try phraseHint(query)
        let (sample, template, voiceprint) = try await analysedPhrase(upload)
        guard var profile = verificationProfiles[id] else { throw .profileNotFound }
        if let phrase = profile.phrase {
            if let hint, hint != phrase { throw .invalidPhrase }
            if let reference = profile.phraseTemplate, template.distance(to: reference) > PhraseTemplate.samePhraseLimit {
                throw .invalidPhrase
            }
        } else {
            profile.phrase = hint ?? VerificationPhrases.guess(speechSeconds: sample.speechSeconds)
            profile.phraseTemplate = template
        }
        profile.enrollmentsCount += 1
        profile.voiceprint = engine.merging(voiceprint, into: profile.voiceprint)
        profile.lastAction = clock.now()
        try persist { try storage.save(profile) }
        verificationProfiles[id] = profile
        return EmulatorResponse.json(
            .object([
                "enrollmentStatus": .string(profile.status.wireValue),
                "enrollmentsCount": .number(JSONNumber(profile.enrollmentsCount)),
                "remainingEnrollments": .number(JSONNumber(profile.remainingEnrollments)),
                "phrase": .string(profile.phrase ?? ""),
            ]))
    }

    /// `Accept` when the phrase is the profile's and the engine accepts the voice.
    func verify(query: RequestQuery, upload: PreparedUpload) async throws(ServiceFailure) -> TransportResponse {
        let id = try query.profileID("verificationProfileId")
        guard let existing = verificationProfiles[id] else { throw .profileNotFound }
        guard existing.status == .enrolled else {
            throw .badRequest(
                "IncompleteEnrollment: the profile has \(existing.enrollmentsCount) of the \(VerificationProfileRecord.requiredEnrollments) enrollments it needs before verification."
            )
        }
        let (sample, template, voiceprint) = try await analysedPhrase(upload)
        guard var profile = verificationProfiles[id], let profileprint = profile.voiceprint else { throw .profileNotFound }
        let samePhrase = profile.phraseTemplate.map { template.distance(to: $0) <= PhraseTemplate.samePhraseLimit } ?? true
        let cohort =
            (verificationProfiles.values.filter { $0.id != id }.compactMap(\.voiceprint)
                + identificationProfiles.values.compactMap(\.voiceprint))
        let engine = self.engine
        let decision: SpeakerVerification =
            samePhrase
            ? await Task.detached { engine.verify(voiceprint, against: profileprint, cohort: cohort) }.value
            : SpeakerVerification(accepted: false, confidence: .high, score: -.infinity)
        profile.lastAction = clock.now()
        try persist { try storage.save(profile) }
        verificationProfiles[id] = profile
        let phrase = samePhrase ? profile.phrase : VerificationPhrases.guess(speechSeconds: sample.speechSeconds)
        return EmulatorResponse.json(
            .object([
                "result": .string((decision.accepted ? VerificationDecision.accept : .reject).wireValue),
                "confidence": .string(decision.confidence.wireValue),
                "phrase": .string(phrase ?? ""),
            ]))
    }

    func existingVerificationProfile(_ text: String) throws(ServiceFailure) -> VerificationProfileRecord {
        let id = try ProfileID.parse(text)
        guard let record = verificationProfiles[id] else { throw .profileNotFound }
        return record
    }

    /// The emulator's `phrase=` extension: the text the client says it spoke (validated).
    private func phraseHint(_ query: RequestQuery) throws(ServiceFailure) -> String? {
        guard let text = query.value("phrase"), !text.isEmpty else { return nil }
        guard let phrase = VerificationPhrases.phrase(matching: text) else { throw .invalidPhrase }
        return phrase
    }

    /// Checks a verification upload (1–15 s, some speech) and analyses it off the actor.
    private func analysedPhrase(_ upload: PreparedUpload) async throws(ServiceFailure) -> (SpeechSample, PhraseTemplate, Voiceprint) {
        let audio = try upload.checked(.verification, shortAudio: false)
        let engine = self.engine
        let detector = self.detector
        let result = await Task.detached { () -> (SpeechSample, PhraseTemplate, Voiceprint)? in
            let sample = SpeechSample(audio, detector: detector)
            guard sample.speechSeconds >= 0.5, let voiceprint = try? engine.voiceprint(of: sample) else { return nil }
            return (sample, PhraseTemplate(sample), voiceprint)
        }.value
        guard let result else { throw .speechNotRecognized }
        return result
    }
}
