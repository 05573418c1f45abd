import Foundation
import SpeakerEngines
import SpeakerRecognition

/// The workers: each claims the next due operation from the store, shows it `running`, analyses
/// it, and hands it to a child task that keeps it `running` for the processing delay and ends it;
/// the worker meanwhile claims the next. So the engine runs at most
/// ``EmulatorConfiguration/maximumConcurrentOperations`` analyses at once, and the delays hold
/// no worker. A worker holds each operation under a lease it renews while it works; a lease that
/// lapses (a process killed) frees the operation for any worker.
extension SpeakerRecognitionEmulator {
    /// One worker, until cancelled by ``shutdown()``.
    nonisolated func work() async {
        await withDiscardingTaskGroup { running in
            while !Task.isCancelled {
                let seen = signal.generation
                let now = clock.now()
                let claim: ClaimResult
                do {
                    claim = try await store.claim(at: now, leaseUntil: leaseEnd(from: now))
                } catch {
                    if Task.isCancelled { break }
                    logger.error("could not claim an operation", metadata: ["error": "\(error)"])
                    await signal.wait(since: seen, atMost: .seconds(1))
                    continue
                }
                switch claim {
                case .claimed(let work):
                    if let failure = Self.missingInput(of: work) {
                        await end(work, .failure(failure))
                    } else if let analysis = await begin(work) {
                        running.addTask { await self.complete(work, analysis) }
                    }
                case .idle(let nextDue):
                    let recheck = store.idleRecheck
                    let untilDue = nextDue.map { Duration.seconds(max(0.001, $0.timeIntervalSince(clock.now()))) } ?? recheck
                    await signal.wait(since: seen, atMost: min(untilDue, recheck))
                }
            }
        }
    }

    /// Why a claimed operation cannot run: its request or its upload did not survive.
    private static func missingInput(of work: WorkClaim) -> OperationFailure? {
        if work.input.profiles.isEmpty {
            return OperationFailure("Interrupted: the service restarted before this operation ran; send the request again.")
        }
        if work.audio == nil { return OperationFailure("Interrupted: the upload of this operation was lost; send the request again.") }
        return nil
    }

    /// Shows the operation `running` and analyses it under its lease; `nil` when the lease was
    /// lost, the store failed, or the worker was cancelled (the operation is then taken up again).
    private nonisolated func begin(_ work: WorkClaim) async -> Analysis? {
        let now = clock.now()
        do {
            guard try await store.markRunning(work, at: now, leaseUntil: leaseEnd(from: now)) else { return nil }
        } catch {
            logger.error("could not start an operation", metadata: ["operation": "\(work.id)", "error": "\(error)"])
            return nil
        }
        let started = ContinuousClock.now
        let analysis = await holding(work) { await analyse(work.record.kind, work.input, audio: work.audio ?? Data()) }
        observer.engineWorked(on: work.record.kind, for: started.duration(to: .now))
        return Task.isCancelled ? nil : analysis
    }

    /// Keeps the operation `running` for the processing delay, then ends it.
    private nonisolated func complete(_ work: WorkClaim, _ analysis: Analysis) async {
        let delay = configuration.processingDelay
        await holding(work) { try? await Task.sleep(for: delay) }
        guard !Task.isCancelled else { return }  // shutdown: it is analysed again when it resumes
        await end(work, analysis)
    }

    /// Applies the analysis to the profiles and ends the operation, in one step of the store.
    private nonisolated func end(_ work: WorkClaim, _ analysis: Analysis) async {
        let engine = self.engine
        let input = work.input
        let now = clock.now()
        let reportsScores = configuration.reportsScores
        let ended: OperationRecord?
        do {
            ended = try await store.finish(work, at: now) {
                Self.resolve(analysis, input, profiles: $0, engine: engine, at: now, reportsScores: reportsScores)
            }
        } catch let unavailable as StoreUnavailable {
            // Left to its lease: when it lapses, a worker (here or elsewhere) runs it again.
            logger.warning("could not end an operation now", metadata: ["operation": "\(work.id)", "error": "\(unavailable)"])
            return
        } catch {
            logger.error("could not store an operation's end", metadata: ["operation": "\(work.id)", "error": "\(error)"])
            ended = try? await store.finish(work, at: now) { _ in .failed(.speakerInvalid) }
        }
        guard let record = ended else {
            logger.warning("an operation's lease was lost before it ended; another worker has it", metadata: ["operation": "\(work.id)"])
            return
        }
        let lifetime = max(0, record.lastAction.timeIntervalSince(record.created))
        observer.operationEnded(record.kind, succeeded: record.status == .succeeded, after: .milliseconds(Int64(lifetime * 1000)))
        logger.info(
            "operation ended",
            metadata: [
                "operation": "\(work.id)", "kind": "\(record.kind)", "status": "\(record.status)", "message": "\(record.message ?? "")",
            ])
    }

    /// Runs `body` while a child task renews the lease on `work` every third of its length.
    private nonisolated func holding<Value: Sendable>(_ work: WorkClaim, _ body: () async -> Value) async -> Value {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    guard (try? await Task.sleep(for: self.configuration.leaseDuration / 3)) != nil else { return }
                    let now = self.clock.now()
                    guard (try? await self.store.renew(work, at: now, until: self.leaseEnd(from: now))) == true else { return }
                }
            }
            let value = await body()
            group.cancelAll()
            return value
        }
    }

    private nonisolated func leaseEnd(from now: Date) -> Date {
        now.addingTimeInterval(Self.seconds(configuration.leaseDuration))
    }
}
