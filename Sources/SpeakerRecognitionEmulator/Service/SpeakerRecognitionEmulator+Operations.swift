import Foundation
import SpeakerEngines
import SpeakerRecognition

extension SpeakerRecognitionEmulator {
    /// `GET /operations/{id}`.
    nonisolated func operation(_ text: String) async throws(ServiceFailure) -> TransportResponse {
        guard let id = OperationID(text) else { throw .malformedID }
        if let known = store.knownOperation(id) { return try answer(known) }
        guard let record = try await stored({ try await store.operation(id) }) else { throw .operationNotFound }
        return try answer(record)
    }

    /// A poll answered from what the store holds in memory, with no suspension; `nil` when the
    /// store must be asked (or the id is malformed or unknown: the full path says which).
    nonisolated func quickOperation(_ text: String) throws(ServiceFailure) -> TransportResponse? {
        guard let id = OperationID(text), let known = store.knownOperation(id) else { return nil }
        return try answer(known)
    }

    private nonisolated func answer(_ record: OperationRecord) throws(ServiceFailure) -> TransportResponse {
        guard !isExpired(created: record.created, at: clock.now()) else { throw .operationNotFound }
        return EmulatorResponse.json(body: pollAnswers.body(of: record), headers: record.status.isTerminal ? [] : retryAfterHeader)
    }

    /// Stores a new `notstarted` operation with its upload, wakes a worker, and answers 202 with
    /// its location; 429 when the queue is full. `Retry-After` is then how long one operation
    /// takes here, so a client that waits it finds room.
    nonisolated func accept(
        _ kind: OperationKind, profiles: [ProfileID], shortAudio: Bool, audio: Data, url: URL
    ) async throws(ServiceFailure) -> TransportResponse {
        let now = clock.now()
        let due = now.addingTimeInterval(Self.seconds(configuration.processingDelay))
        let input = OperationInput(profiles: profiles, shortAudio: shortAudio, audio: audio, due: due)
        let record = OperationRecord(id: .random(), kind: kind, status: .notStarted, created: now, lastAction: now, input: input)
        let limits = QueueLimits(operations: configuration.maximumQueuedOperations, bytes: configuration.maximumQueuedBytes)
        let admission = try await stored { try await store.enqueue(record, audio: audio, limits: limits) }
        if case .full(let waiting) = admission {
            let wait = max(1, Int((configuration.processingDelay * 2 / .seconds(1)).rounded(.up)))
            throw .queueFull(operations: waiting, retryAfter: wait)
        }
        signal.notify()
        let location = Self.apiBase(of: url) + "/operations/" + record.id.description
        return EmulatorResponse.empty(status: 202, headers: [("Operation-Location", location)] + retryAfterHeader)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: The work itself

    /// What the analysis of an operation found, before it is applied.
    enum Analysis: Sendable {
        case enrollment(speechSeconds: Double, Voiceprint)
        case identification(SpeakerIdentification, candidates: [ProfileID])
        case failure(OperationFailure)
    }

    /// The heavy part: decoding, speech detection, the engine. `nil` when the store could not
    /// be read (the operation is left to its lease, to be taken up again).
    nonisolated func analyse(_ kind: OperationKind, _ input: OperationInput, audio: Data) async -> Analysis? {
        let engine = self.engine
        let detector = self.detector
        guard let profiles = try? await store.identificationProfiles() else { return nil }
        let byID = Dictionary(profiles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        switch kind {
        case .enrollment:
            guard byID[input.profiles[0]] != nil else { return .failure(.speakerInvalid) }
            return await compute.run { () -> Analysis in
                switch Self.analyse(audio, engine: engine, detector: detector) {
                case .success(let (sample, voiceprint)) where sample.speechSeconds > 0:
                    .enrollment(speechSeconds: sample.speechSeconds, voiceprint)
                case .success: .failure(OperationFailure("SpeechNotRecognized"))
                case .failure(let failure): .failure(failure)
                }
            }
        case .identification:
            var prints: [Voiceprint] = []
            for id in input.profiles {
                guard let record = byID[id] else { return .failure(.speakerInvalid) }
                guard record.status == .enrolled, let voiceprint = record.voiceprint else {
                    return .failure(OperationFailure("IncompleteEnrollment"))
                }
                prints.append(voiceprint)
            }
            let chosen = Set(input.profiles)
            let cohort = profiles.filter { !chosen.contains($0.id) }.sorted { $0.created < $1.created }.compactMap(\.voiceprint)
            return await compute.run { [prints] () -> Analysis in
                guard case .success(let (_, test)) = Self.analyse(audio, engine: engine, detector: detector, forTest: true) else {
                    return .failure(.speakerInvalid)
                }
                return .identification(engine.identify(test, among: prints, cohort: cohort), candidates: input.profiles)
            }
        }
    }

    /// What the analysis means for the operation's profiles as they are when it ends: the result,
    /// and the profiles it changes (stored with the operation's end in one transaction).
    nonisolated static func resolve(
        _ analysis: Analysis, _ input: OperationInput, profiles: [ProfileID: IdentificationProfileRecord], engine: any SpeakerEngine,
        at now: Date, reportsScores: Bool = false
    ) -> OperationResolution {
        switch analysis {
        case .failure(let failure):
            return .failed(failure)
        case .enrollment(let speechSeconds, let voiceprint):
            guard var profile = profiles[input.profiles[0]] else { return .failed(.speakerInvalid) }
            profile.enrollmentSpeechTime += speechSeconds
            profile.voiceprint = engine.merging(voiceprint, into: profile.voiceprint)
            if input.shortAudio { profile.forcedEnrolled = true }
            profile.lastAction = now
            let result = JSONValue.object([
                "enrollmentStatus": .string(profile.status.wireValue),
                "remainingEnrollmentSpeechTime": .number(JSONNumber(profile.remainingEnrollmentSpeechTime)),
                "speechTime": .number(JSONNumber(IdentificationProfileRecord.round(speechSeconds))),
                "enrollmentSpeechTime": .number(JSONNumber(IdentificationProfileRecord.round(profile.enrollmentSpeechTime))),
            ])
            return OperationResolution(outcome: .success(result), profiles: [profile])
        case .identification(let decision, let candidates):
            var used: [IdentificationProfileRecord] = []
            for id in candidates {
                guard var profile = profiles[id] else { return .failed(.speakerInvalid) }
                profile.lastAction = now
                used.append(profile)
            }
            let identified = decision.match.map { candidates[$0] } ?? .zero
            var result: JSONObject = [
                "confidence": .string(decision.confidence.wireValue),
                "identifiedProfileId": .string(identified.description),
            ]
            if reportsScores {
                for member in Self.scoreFields(decision, candidates: candidates) { result[member.key] = member.value }
            }
            return OperationResolution(outcome: .success(.object(result)), profiles: used)
        }
    }

    /// `score` (the identified candidate's calibrated score, or the best one's when nobody is
    /// identified) and `profilesRanking` (every candidate, best first); none when the engine
    /// gives no calibrated scores.
    nonisolated static func scoreFields(_ decision: SpeakerIdentification, candidates: [ProfileID]) -> JSONObject {
        let scores = decision.calibratedScores
        guard scores.count == candidates.count, let best = scores.indices.max(by: { scores[$0] < scores[$1] }) else { return [:] }
        let ranking = scores.indices.sorted { scores[$0] > scores[$1] }.map { index in
            JSONValue.object(["profileId": .string(candidates[index].description), "score": .number(JSONNumber(rounded(scores[index])))])
        }
        return ["score": .number(JSONNumber(rounded(scores[decision.match ?? best]))), "profilesRanking": .array(ranking)]
    }

    /// A score as the wire shows it: 4 decimals.
    nonisolated static func rounded(_ score: Double) -> Double { (score * 10_000).rounded() / 10_000 }

    /// Decodes, finds the speech and makes the engine's voiceprint (on the compute pool): a test
    /// voiceprint for an identification, which is only compared.
    nonisolated static func analyse(
        _ data: Data, engine: any SpeakerEngine, detector: VoiceActivityDetector, forTest: Bool = false
    ) -> Result<(SpeechSample, Voiceprint), OperationFailure> {
        guard let audio = try? WAVEDecoder().decode(data) else { return .failure(.speakerInvalid) }
        let sample = SpeechSample(audio, detector: detector)
        guard let voiceprint = voiceprint(of: sample, engine: engine, forTest: forTest) else {
            return .failure(OperationFailure("SpeechNotRecognized"))
        }
        return .success((sample, voiceprint))
    }

    /// The engine's voiceprint of `sample`, or its test voiceprint (speech only compared); `nil`
    /// when the speech cannot be used.
    nonisolated static func voiceprint(of sample: SpeechSample, engine: any SpeakerEngine, forTest: Bool) -> Voiceprint? {
        try? forTest ? engine.testVoiceprint(of: sample) : engine.voiceprint(of: sample)
    }
}
