import Foundation
import SpeakerEngines
import SpeakerRecognition

extension SpeakerRecognitionEmulator {
    nonisolated func createVerificationProfile(body: Data, contentType: String?) async throws(ServiceFailure) -> TransportResponse {
        let locale = try LocaleRequest.locale(body: body, contentType: contentType, supported: Locales.verification)
        let now = clock.now()
        let record = VerificationProfileRecord(id: .random(), locale: locale, created: now, lastAction: now)
        let quota = configuration.maximumProfiles
        guard try await stored({ try await store.insert(record, quota: quota) }) else { throw .quotaExceeded(quota) }
        return EmulatorResponse.json(.object(["verificationProfileId": .string(record.id.description)]))
    }

    nonisolated func listVerificationProfiles() async throws(ServiceFailure) -> TransportResponse {
        let records = try await stored { try await store.verificationProfiles() }
            .sorted { ($0.created, $0.id.description) < ($1.created, $1.id.description) }
        return EmulatorResponse.json(.array(records.map(\.json)))
    }

    nonisolated func verificationProfile(_ text: String) async throws(ServiceFailure) -> TransportResponse {
        EmulatorResponse.json(try await existingVerificationProfile(text).json)
    }

    nonisolated func deleteVerificationProfile(_ text: String) async throws(ServiceFailure) -> TransportResponse {
        let id = try ProfileID.parse(text)
        guard try await stored({ try await store.deleteVerificationProfile(id) }) else { throw .profileNotFound }
        return EmulatorResponse.empty()
    }

    nonisolated func resetVerificationProfile(_ text: String) async throws(ServiceFailure) -> TransportResponse {
        let id = try ProfileID.parse(text)
        let now = clock.now()
        try await stored {
            try await store.changeVerificationProfile(id) {
                $0.reset(at: now); return .success(())
            }
        }.get()
        return EmulatorResponse.empty()
    }

    nonisolated func verificationPhrases(query: RequestQuery) throws(ServiceFailure) -> TransportResponse {
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
    nonisolated func enrollVerificationProfile(
        _ text: String, query: RequestQuery, upload: PreparedUpload
    ) async throws(ServiceFailure) -> TransportResponse {
        let id = try await existingVerificationProfile(text).id
        let hint = try phraseHint(query)
        let (sample, template, voiceprint) = try await analysedPhrase(upload)
        let engine = self.engine
        let now = clock.now()
        // The phrase is checked against the profile as it is when the change is made, so two
        // enrollments sent at once are both counted, each against the other's phrase.
        let profile = try await stored {
            try await store.changeVerificationProfile(id) { profile -> Result<VerificationProfileRecord, ServiceFailure> in
                if let phrase = profile.phrase {
                    if let hint, hint != phrase { return .failure(.invalidPhrase) }
                    if let reference = profile.phraseTemplate, template.distance(to: reference) > PhraseTemplate.samePhraseLimit {
                        return .failure(.invalidPhrase)
                    }
                } else {
                    profile.phrase = hint ?? VerificationPhrases.guess(speechSeconds: sample.speechSeconds)
                    profile.phraseTemplate = template
                }
                profile.enrollmentsCount += 1
                profile.voiceprint = engine.merging(voiceprint, into: profile.voiceprint)
                profile.lastAction = now
                return .success(profile)
            }
        }.get()
        return EmulatorResponse.json(
            .object([
                "enrollmentStatus": .string(profile.status.wireValue),
                "enrollmentsCount": .number(JSONNumber(profile.enrollmentsCount)),
                "remainingEnrollments": .number(JSONNumber(profile.remainingEnrollments)),
                "phrase": .string(profile.phrase ?? ""),
            ]))
    }

    /// `Accept` when the phrase is the profile's and the engine accepts the voice.
    nonisolated func verify(query: RequestQuery, upload: PreparedUpload) async throws(ServiceFailure) -> TransportResponse {
        let id = try query.profileID("verificationProfileId")
        guard let existing = try await stored({ try await store.verificationProfile(id) }) else { throw .profileNotFound }
        guard existing.status == .enrolled, let profileprint = existing.voiceprint else {
            throw .badRequest(
                "IncompleteEnrollment: the profile has \(existing.enrollmentsCount) of the \(VerificationProfileRecord.requiredEnrollments) enrollments it needs before verification."
            )
        }
        let (sample, template, voiceprint) = try await analysedPhrase(upload, forTest: true)
        let samePhrase = existing.phraseTemplate.map { template.distance(to: $0) <= PhraseTemplate.samePhraseLimit } ?? true
        let others = try await stored { try await store.verificationProfiles() }
        let identification = try await stored { try await store.identificationProfiles() }
        let cohort = others.filter { $0.id != id }.compactMap(\.voiceprint) + identification.compactMap(\.voiceprint)
        let engine = self.engine
        let decision: SpeakerVerification =
            samePhrase
            ? await compute.run { engine.verify(voiceprint, against: profileprint, cohort: cohort) }
            : SpeakerVerification(accepted: false, confidence: .high, score: -.infinity)
        let now = clock.now()
        try await stored {
            try await store.changeVerificationProfile(id) {
                $0.lastAction = now; return .success(())
            }
        }.get()
        let phrase = samePhrase ? existing.phrase : VerificationPhrases.guess(speechSeconds: sample.speechSeconds)
        var answer: JSONObject = [
            "result": .string((decision.accepted ? VerificationDecision.accept : .reject).wireValue),
            "confidence": .string(decision.confidence.wireValue),
            "phrase": .string(phrase ?? ""),
        ]
        if configuration.reportsScores {
            // A different phrase is a rejection the voice does not enter: its score is 0.
            answer["score"] = .number(JSONNumber(Self.rounded(samePhrase ? decision.calibratedScore ?? 0 : 0)))
        }
        return EmulatorResponse.json(.object(answer))
    }

    nonisolated func existingVerificationProfile(_ text: String) async throws(ServiceFailure) -> VerificationProfileRecord {
        let id = try ProfileID.parse(text)
        guard let record = try await stored({ try await store.verificationProfile(id) }) else { throw .profileNotFound }
        return record
    }

    /// The emulator's `phrase=` extension: the text the client says it spoke (validated).
    private nonisolated func phraseHint(_ query: RequestQuery) throws(ServiceFailure) -> String? {
        guard let text = query.value("phrase"), !text.isEmpty else { return nil }
        guard let phrase = VerificationPhrases.phrase(matching: text) else { throw .invalidPhrase }
        return phrase
    }

    /// Checks a verification upload (1–15 s, some speech) and analyses it on the compute pool; a
    /// verification's test gets the engine's test voiceprint.
    private nonisolated func analysedPhrase(
        _ upload: PreparedUpload, forTest: Bool = false
    ) async throws(ServiceFailure) -> (SpeechSample, PhraseTemplate, Voiceprint) {
        let audio = try upload.checked(.verification, shortAudio: false)
        let engine = self.engine
        let detector = self.detector
        let result = await compute.run { () -> (SpeechSample, PhraseTemplate, Voiceprint)? in
            let sample = SpeechSample(audio, detector: detector)
            guard sample.speechSeconds >= 0.5 else { return nil }
            guard let voiceprint = Self.voiceprint(of: sample, engine: engine, forTest: forTest) else { return nil }
            return (sample, PhraseTemplate(sample), voiceprint)
        }
        guard let result else { throw .speechNotRecognized }
        return result
    }
}
