import Foundation
import SpeakerEngines
import SpeakerRecognition

extension SpeakerRecognitionEmulator {
    /// `GET /operations/{id}`, read from the board: no need to be on the actor.
    nonisolated func operation(_ text: String) throws(ServiceFailure) -> TransportResponse {
        guard let id = OperationID(text) else { throw .malformedID }
        guard let entry = board.entry(id), !isExpired(created: entry.created, at: clock.now()) else { throw .operationNotFound }
        return EmulatorResponse.json(body: entry.body, headers: entry.isTerminal ? [] : retryAfterHeader)
    }

    /// Stores a new `notstarted` operation, schedules it, and answers 202 with its location.
    func accept(_ kind: OperationKind, _ input: OperationInput, url: URL) throws(ServiceFailure) -> TransportResponse {
        try admitToQueue(input)
        let now = clock.now()
        var record = OperationRecord(id: .random(), kind: kind, status: .notStarted, created: now, lastAction: now, input: input)
        try persist { try storage.save(record, updating: []) }
        if storage.holdsAudio { record.input?.audio = nil }  // read back when it runs
        keep(record)
        schedule(record.id)
        let location = Self.apiBase(of: url) + "/operations/" + record.id.description
        return EmulatorResponse.empty(status: 202, headers: [("Operation-Location", location)] + retryAfterHeader)
    }

    /// Refuses `input` with 429 when the unfinished operations, or the audio they hold, are at
    /// their limit. `Retry-After` is how long one operation takes here, so a client that waits it
    /// finds room.
    private func admitToQueue(_ input: OperationInput) throws(ServiceFailure) {
        // The scheduled operations are the unfinished ones: no scan of the day's finished records.
        let count = work.count
        let bytes = work.keys.reduce(input.audioBytes) { $0 + (operations[$1]?.input?.audioBytes ?? 0) }
        guard count >= configuration.maximumQueuedOperations || bytes > configuration.maximumQueuedBytes else { return }
        let wait = max(1, Int((configuration.processingDelay * 2 / .seconds(1)).rounded(.up)))
        throw .queueFull(operations: count, retryAfter: wait)
    }

    func schedule(_ id: OperationID) {
        work[id] = Task { await self.run(id) }
    }

    /// One operation's life: `notstarted` for the delay; then it waits for a worker, turns
    /// `running`, is analysed (only this holds the worker), stays `running` for the delay, and ends.
    private func run(_ id: OperationID) async {
        defer { work[id] = nil }
        do {
            try await Task.sleep(for: configuration.processingDelay)
            await acquireWorker()
            var holdsWorker = true
            defer { if holdsWorker { releaseWorker() } }
            try Task.checkCancellation()
            guard var record = operations[id], var input = record.input else { return }
            if input.audio == nil {
                do { input.audio = try storage.audio(of: id) } catch {
                    logger.error("could not read an operation's upload", metadata: ["operation": "\(id)", "error": "\(error)"])
                }
            }
            guard input.audio != nil else {
                finish(id, .failure(OperationFailure("Interrupted: the upload of this operation was lost; send the request again.")))
                return
            }
            record.status = .running
            record.lastAction = clock.now()
            save(record)
            let started = ContinuousClock.now
            let analysis = await analyse(record.kind, input)
            observer.engineWorked(on: record.kind, for: started.duration(to: .now))
            releaseWorker()
            holdsWorker = false
            try await Task.sleep(for: configuration.processingDelay)
            // No suspension between applying the result (to a profile) and ending the operation,
            // so a shutdown cannot leave an enrollment counted but its operation unfinished: a
            // cancelled operation is analysed again when it resumes.
            let (outcome, profiles) = apply(analysis, input)
            finish(id, outcome, updating: profiles)
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

    /// Ends an operation and stores it together with the profiles its result changed, in one
    /// transaction: a crash cannot keep one without the other.
    func finish(
        _ id: OperationID, _ outcome: Result<JSONValue, OperationFailure>, updating profiles: [IdentificationProfileRecord] = []
    ) {
        guard var record = operations[id] else { return }
        switch outcome {
        case .success(let result):
            record.status = .succeeded
            record.result = result
        case .failure(let failure):
            record.status = .failed
            record.message = failure.message
        }
        record.input = nil
        record.lastAction = clock.now()
        var changed = profiles
        do {
            try storage.save(record, updating: profiles)
        } catch {
            logger.error("could not store an operation's end", metadata: ["operation": "\(id)", "error": "\(error)"])
            record.status = .failed
            record.result = nil
            record.message = OperationFailure.speakerInvalid.message
            changed = []
            do { try storage.save(record, updating: []) } catch {
                logger.error("could not store the operation's failure either", metadata: ["operation": "\(id)"])
            }
        }
        keep(record)
        for profile in changed { identificationProfiles[profile.id] = profile }
        let lifetime = max(0, record.lastAction.timeIntervalSince(record.created))
        observer.operationEnded(record.kind, succeeded: record.status == .succeeded, after: .milliseconds(Int64(lifetime * 1000)))
        logger.info(
            "operation ended",
            metadata: ["operation": "\(id)", "kind": "\(record.kind)", "status": "\(record.status)", "message": "\(record.message ?? "")"])
    }

    private func save(_ record: OperationRecord) {
        keep(record)
        do { try storage.save(record, updating: []) } catch {
            logger.error("could not save an operation", metadata: ["operation": "\(record.id)", "error": "\(error)"])
        }
    }

    // MARK: The work itself

    /// What the analysis of an operation found, before it is applied.
    enum Analysis: Sendable {
        case enrollment(speechSeconds: Double, Voiceprint)
        case identification(SpeakerIdentification, candidates: [ProfileID])
        case failure(OperationFailure)
    }

    /// The heavy part, off the actor: decoding, speech detection, the engine.
    private func analyse(_ kind: OperationKind, _ input: OperationInput) async -> Analysis {
        let engine = self.engine
        let detector = self.detector
        switch kind {
        case .enrollment:
            guard identificationProfiles[input.profiles[0]] != nil else { return .failure(.speakerInvalid) }
            return await Task.detached { () -> Analysis in
                switch Self.analyse(input.audio ?? Data(), engine: engine, detector: detector) {
                case .success(let (sample, voiceprint)) where sample.speechSeconds > 0:
                    .enrollment(speechSeconds: sample.speechSeconds, voiceprint)
                case .success: .failure(OperationFailure("SpeechNotRecognized"))
                case .failure(let failure): .failure(failure)
                }
            }.value
        case .identification:
            var prints: [Voiceprint] = []
            for id in input.profiles {
                guard let record = identificationProfiles[id] else { return .failure(.speakerInvalid) }
                guard record.status == .enrolled, let voiceprint = record.voiceprint else {
                    return .failure(OperationFailure("IncompleteEnrollment"))
                }
                prints.append(voiceprint)
            }
            let chosen = Set(input.profiles)
            let cohort = identificationProfiles.values.filter { !chosen.contains($0.id) }.sorted { $0.created < $1.created }
                .compactMap(\.voiceprint)
            return await Task.detached { () -> Analysis in
                guard case .success(let (_, test)) = Self.analyse(input.audio ?? Data(), engine: engine, detector: detector) else {
                    return .failure(.speakerInvalid)
                }
                return .identification(engine.identify(test, among: prints, cohort: cohort), candidates: input.profiles)
            }.value
        }
    }

    /// The bookkeeping part, on the actor with no suspension: the result, and the profiles it
    /// changes (stored with the operation's end by ``finish(_:_:updating:)``).
    private func apply(
        _ analysis: Analysis, _ input: OperationInput
    ) -> (Result<JSONValue, OperationFailure>, [IdentificationProfileRecord]) {
        switch analysis {
        case .failure(let failure):
            return (.failure(failure), [])
        case .enrollment(let speechSeconds, let voiceprint):
            guard var profile = identificationProfiles[input.profiles[0]] else { return (.failure(.speakerInvalid), []) }
            profile.enrollmentSpeechTime += speechSeconds
            profile.voiceprint = engine.merging(voiceprint, into: profile.voiceprint)
            if input.shortAudio { profile.forcedEnrolled = true }
            profile.lastAction = clock.now()
            let result = JSONValue.object([
                "enrollmentStatus": .string(profile.status.wireValue),
                "remainingEnrollmentSpeechTime": .number(JSONNumber(profile.remainingEnrollmentSpeechTime)),
                "speechTime": .number(JSONNumber(IdentificationProfileRecord.round(speechSeconds))),
                "enrollmentSpeechTime": .number(JSONNumber(IdentificationProfileRecord.round(profile.enrollmentSpeechTime))),
            ])
            return (.success(result), [profile])
        case .identification(let decision, let candidates):
            let now = clock.now()
            var used: [IdentificationProfileRecord] = []
            for id in candidates {
                guard var profile = identificationProfiles[id] else { return (.failure(.speakerInvalid), []) }
                profile.lastAction = now
                used.append(profile)
            }
            let identified = decision.match.map { candidates[$0] } ?? .zero
            let result = JSONValue.object([
                "confidence": .string(decision.confidence.wireValue),
                "identifiedProfileId": .string(identified.description),
            ])
            return (.success(result), used)
        }
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
