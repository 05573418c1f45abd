import Foundation
import SpeakerRecognition

extension SpeakerRecognitionEmulator {
    func operation(_ text: String) throws(ServiceFailure) -> TransportResponse {
        guard let id = OperationID(text) else { throw .malformedID }
        guard let record = operations[id], !isExpired(record, at: clock.now()) else { throw .operationNotFound }
        return EmulatorResponse.json(record.json, headers: record.status.isTerminal ? [] : retryAfterHeader)
    }

    /// Stores a new `notstarted` operation, schedules it, and answers 202 with its location.
    func accept(_ kind: OperationKind, _ input: OperationInput, url: URL) throws(ServiceFailure) -> TransportResponse {
        let now = clock.now()
        let record = OperationRecord(id: .random(), kind: kind, status: .notStarted, created: now, lastAction: now, input: input)
        try persist { try storage.save(record) }
        operations[record.id] = record
        schedule(record.id)
        let location = Self.apiBase(of: url) + "/operations/" + record.id.description
        return EmulatorResponse.empty(status: 202, headers: [("Operation-Location", location)] + retryAfterHeader)
    }

    func schedule(_ id: OperationID) {
        work[id] = Task { await self.run(id) }
    }

    /// One operation's life: waits as `notstarted`, takes a worker, runs, ends.
    private func run(_ id: OperationID) async {
        defer { work[id] = nil }
        do {
            try await Task.sleep(for: configuration.processingDelay)
            await acquireWorker()
            defer { releaseWorker() }
            try Task.checkCancellation()
            guard var record = operations[id], let input = record.input else { return }
            record.status = .running
            record.lastAction = clock.now()
            save(record)
            try await Task.sleep(for: configuration.processingDelay)
            // No suspension between applying the result (to a profile) and ending the operation,
            // so a shutdown cannot leave an enrollment counted but its operation unfinished.
            let outcome: Result<JSONValue, OperationFailure>
            switch record.kind {
            case .enrollment: outcome = await enroll(input)
            case .identification: outcome = await identify(input)
            }
            switch outcome {
            case .success(let result): finish(id, result: result)
            case .failure(let failure): finish(id, failure: failure.message)
            }
        } catch {
            // Cancelled by shutdown or expiry: the stored record stays as it was and resumes at the next start.
        }
    }

    private func acquireWorker() async {
        if busyWorkers < configuration.maximumConcurrentOperations {
            busyWorkers += 1
            return
        }
        await withCheckedContinuation { waitingForWorker.append($0) }
    }

    private func releaseWorker() {
        if waitingForWorker.isEmpty { busyWorkers -= 1 } else { waitingForWorker.removeFirst().resume() }
    }

    func finish(_ id: OperationID, result: JSONValue) {
        guard var record = operations[id] else { return }
        record.status = .succeeded
        record.result = result
        record.input = nil
        record.lastAction = clock.now()
        save(record)
        logger.info("operation succeeded", metadata: ["operation": "\(id)", "kind": "\(record.kind)"])
    }

    func finish(_ id: OperationID, failure message: String) {
        guard var record = operations[id] else { return }
        record.status = .failed
        record.message = message
        record.input = nil
        record.lastAction = clock.now()
        save(record)
        logger.info("operation failed", metadata: ["operation": "\(id)", "kind": "\(record.kind)", "message": "\(message)"])
    }

    private func save(_ record: OperationRecord) {
        operations[record.id] = record
        do { try storage.save(record) } catch {
            logger.error("could not save an operation", metadata: ["operation": "\(record.id)", "error": "\(error)"])
        }
    }

    // MARK: The work itself

    /// An enrollment: measures the speech, grows the voiceprint, reports the totals.
    private func enroll(_ input: OperationInput) async -> Result<JSONValue, OperationFailure> {
        let engine = self.engine
        let detector = self.detector
        let analysis = await Task.detached { Self.analyse(input.audio, engine: engine, detector: detector) }.value
        guard var profile = identificationProfiles[input.profiles[0]] else { return .failure(.speakerInvalid) }
        guard case .success(let (sample, voiceprint)) = analysis, sample.speechSeconds > 0 else {
            return .failure(OperationFailure("SpeechNotRecognized"))
        }
        profile.enrollmentSpeechTime += sample.speechSeconds
        profile.voiceprint = engine.merging(voiceprint, into: profile.voiceprint)
        if input.shortAudio { profile.forcedEnrolled = true }
        profile.lastAction = clock.now()
        do { try storage.save(profile) } catch { return .failure(.speakerInvalid) }
        identificationProfiles[profile.id] = profile
        return .success(
            .object([
                "enrollmentStatus": .string(profile.status.wireValue),
                "remainingEnrollmentSpeechTime": .number(JSONNumber(profile.remainingEnrollmentSpeechTime)),
                "speechTime": .number(JSONNumber(IdentificationProfileRecord.round(sample.speechSeconds))),
                "enrollmentSpeechTime": .number(JSONNumber(IdentificationProfileRecord.round(profile.enrollmentSpeechTime))),
            ]))
    }

    /// An identification: every candidate must exist and be enrolled; the engine picks one or nobody.
    private func identify(_ input: OperationInput) async -> Result<JSONValue, OperationFailure> {
        var candidates: [IdentificationProfileRecord] = []
        for id in input.profiles {
            guard let record = identificationProfiles[id] else { return .failure(.speakerInvalid) }
            guard record.status == .enrolled, record.voiceprint != nil else { return .failure(OperationFailure("IncompleteEnrollment")) }
            candidates.append(record)
        }
        let chosen = Set(input.profiles)
        let cohort = identificationProfiles.values.filter { !chosen.contains($0.id) }.sorted { $0.created < $1.created }
            .compactMap(\.voiceprint)
        let engine = self.engine
        let detector = self.detector
        let prints = candidates.compactMap(\.voiceprint)
        let decision = await Task.detached { () -> SpeakerIdentification? in
            guard case .success(let (_, test)) = Self.analyse(input.audio, engine: engine, detector: detector) else { return nil }
            return engine.identify(test, among: prints, cohort: cohort)
        }.value
        guard let decision else { return .failure(.speakerInvalid) }
        let now = clock.now()
        for candidate in candidates {
            guard var used = identificationProfiles[candidate.id] else { continue }
            used.lastAction = now
            identificationProfiles[used.id] = used
            do { try storage.save(used) } catch {
                logger.error("could not save a profile", metadata: ["profile": "\(used.id)", "error": "\(error)"])
            }
        }
        let identified = decision.match.map { candidates[$0].id } ?? .zero
        return .success(
            .object([
                "confidence": .string(decision.confidence.wireValue),
                "identifiedProfileId": .string(identified.description),
            ]))
    }

    /// Decodes, finds the speech and makes the engine's voiceprint, off the actor.
    nonisolated static func analyse(
        _ data: Data, engine: any SpeakerEngine, detector: VoiceActivityDetector
    ) -> Result<(SpeechSample, Voiceprint), OperationFailure> {
        guard let audio = try? WAVEDecoder().decode(data) else { return .failure(.speakerInvalid) }
        let sample = SpeechSample(audio, detector: detector)
        guard let voiceprint = try? engine.voiceprint(of: sample) else { return .failure(OperationFailure("SpeechNotRecognized")) }
        return .success((sample, voiceprint))
    }
}

/// The `message` of a failed operation.
struct OperationFailure: Error, Sendable, Hashable {
    var message: String
    init(_ message: String) { self.message = message }
    static let speakerInvalid = OperationFailure("SpeakerInvalid")
}
