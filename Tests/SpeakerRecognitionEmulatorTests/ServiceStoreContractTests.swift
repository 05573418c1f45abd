import Foundation
import GRDB
import SpeakerEngines
import SpeakerRecognition
import SpeakerRecognitionPostgres
import SpidTestSupport
import Testing

@testable import SpeakerRecognitionEmulator

/// What every ``ServiceStore`` must do, run against each one: the rules the service relies on
/// (quota, queue limits, leases, an operation ended once with its profiles) hold whichever
/// storage is underneath. A new backend joins ``StoreKind`` and must pass the same.
@Suite("Service store contract", .timeLimit(.minutes(5)))
struct ServiceStoreContractTests {
    enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqlite, postgres
        var testDescription: String { rawValue }

        /// The stores this run can test: PostgreSQL when `scripts/test` started one
        /// (`SPID_TEST_POSTGRES_URL`), and always when it must (`SPID_REQUIRE_POSTGRES=1`).
        static var available: [StoreKind] {
            let environment = ProcessInfo.processInfo.environment
            let postgres = environment["SPID_TEST_POSTGRES_URL"] != nil || environment["SPID_REQUIRE_POSTGRES"] == "1"
            return postgres ? allCases : [.memory, .sqlite]
        }
    }

    /// A fresh store and, for SQLite, the folder to reopen it from.
    struct Opened {
        let store: any ServiceStore
        let folder: URL?
        func reopened() throws -> any ServiceStore {
            guard let folder else { return store }
            return try SQLiteStore(directory: folder)
        }
        func remove() {
            if let folder { try? FileManager.default.removeItem(at: folder) }
        }
    }

    func open(_ kind: StoreKind) async throws -> Opened {
        switch kind {
        case .memory:
            return Opened(store: MemoryStore(), folder: nil)
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-store-\(UUID().uuidString)")
            return Opened(store: try SQLiteStore(directory: folder), folder: folder)
        case .postgres:
            return Opened(store: try await PostgresTestDatabase.freshStore(), folder: nil)
        }
    }

    let start = Date(timeIntervalSinceReferenceDate: 800_000_000)
    let audio = Data(repeating: 7, count: 1000)
    let roomy = QueueLimits(operations: 100, bytes: 1 << 20)

    func profile(_ seconds: Double = 0) -> IdentificationProfileRecord {
        IdentificationProfileRecord(id: .random(), locale: "en-us", created: start, lastAction: start, enrollmentSpeechTime: seconds)
    }

    func operation(for profile: ProfileID, due: TimeInterval = 0) -> OperationRecord {
        let input = OperationInput(profiles: [profile], shortAudio: true, audio: audio, due: start.addingTimeInterval(due))
        return OperationRecord(id: .random(), kind: .enrollment, status: .notStarted, created: start, lastAction: start, input: input)
    }

    /// Adds 2 s of speech to the operation's profile.
    let addTwoSeconds: @Sendable ([ProfileID: IdentificationProfileRecord]) -> OperationResolution = { profiles in
        guard var profile = profiles.values.first else { return .failed(.speakerInvalid) }
        profile.enrollmentSpeechTime += 2
        return OperationResolution(outcome: .success(.object(["added": .number(JSONNumber(2))])), profiles: [profile])
    }

    func claimed(_ result: ClaimResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> WorkClaim {
        guard case .claimed(let claim) = result else {
            Issue.record("expected a claim, got \(result)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        return claim
    }

    @Test(arguments: StoreKind.available)
    func theQuotaCountsBothKindsOfProfile(_ kind: StoreKind) async throws {
        let opened = try await open(kind)
        defer { opened.remove() }
        let store = opened.store
        #expect(try await store.insert(profile(), quota: 2))
        let verification = VerificationProfileRecord(id: .random(), locale: "en-us", created: start, lastAction: start)
        #expect(try await store.insert(verification, quota: 2))
        #expect(try await store.insert(profile(), quota: 2) == false)
        #expect(try await store.identificationProfiles().count == 1)
        #expect(try await store.deleteVerificationProfile(verification.id))
        #expect(try await store.deleteVerificationProfile(verification.id) == false, "already gone")
        #expect(try await store.insert(profile(), quota: 2))
    }

    @Test(arguments: StoreKind.available)
    func aFailedChangeLeavesTheProfileAsItWas(_ kind: StoreKind) async throws {
        let opened = try await open(kind)
        defer { opened.remove() }
        let store = opened.store
        let record = profile(5)
        _ = try await store.insert(record, quota: 10)
        let refused = try await store.changeIdentificationProfile(record.id) { profile -> Result<Int, ServiceFailure> in
            profile.enrollmentSpeechTime = 99
            return .failure(.invalidPhrase)
        }
        #expect(throws: ServiceFailure.invalidPhrase) { try refused.get() }
        #expect(try await store.identificationProfile(record.id)?.enrollmentSpeechTime == 5)
        let kept = try await store.changeIdentificationProfile(record.id) { profile -> Result<Double, ServiceFailure> in
            profile.enrollmentSpeechTime += 1
            return .success(profile.enrollmentSpeechTime)
        }
        #expect(try kept.get() == 6)
        let missing = try await store.changeIdentificationProfile(.random()) { _ in Result<Void, ServiceFailure>.success(()) }
        #expect(throws: ServiceFailure.profileNotFound) { try missing.get() }
    }

    @Test(arguments: StoreKind.available)
    func theQueueStopsAtItsLimits(_ kind: StoreKind) async throws {
        let opened = try await open(kind)
        defer { opened.remove() }
        let store = opened.store
        let owner = profile()
        _ = try await store.insert(owner, quota: 10)
        let two = QueueLimits(operations: 2, bytes: 1 << 20)
        #expect(try await store.enqueue(operation(for: owner.id), audio: audio, limits: two) == .accepted)
        #expect(try await store.enqueue(operation(for: owner.id), audio: audio, limits: two) == .accepted)
        #expect(try await store.enqueue(operation(for: owner.id), audio: audio, limits: two) == .full(waiting: 2))
        let bytes = QueueLimits(operations: 100, bytes: audio.count * 5 / 2)
        #expect(try await store.enqueue(operation(for: owner.id), audio: audio, limits: bytes) == .full(waiting: 2))
        #expect(try await store.unfinishedCount() == 2)
    }

    @Test(arguments: StoreKind.available)
    func anOperationIsClaimedWhenDueAndByOneWorkerAtATime(_ kind: StoreKind) async throws {
        let opened = try await open(kind)
        defer { opened.remove() }
        let store = opened.store
        let owner = profile()
        _ = try await store.insert(owner, quota: 10)
        let record = operation(for: owner.id, due: 10)
        _ = try await store.enqueue(record, audio: audio, limits: roomy)
        guard case .idle(let nextDue) = try await store.claim(at: start, leaseUntil: start.addingTimeInterval(60)) else {
            Issue.record("claimed before it was due")
            return
        }
        #expect(nextDue == start.addingTimeInterval(10))
        let later = start.addingTimeInterval(10)
        let first = try claimed(try await store.claim(at: later, leaseUntil: later.addingTimeInterval(60)))
        #expect(first.id == record.id)
        #expect(first.audio == audio, "the claim brings the upload")
        guard case .idle = try await store.claim(at: later, leaseUntil: later.addingTimeInterval(60)) else {
            Issue.record("a held operation was claimed twice")
            return
        }
        #expect(try await store.markRunning(first, at: later, leaseUntil: later.addingTimeInterval(60)))
        #expect(try await store.operation(record.id)?.status == .running)
    }

    @Test(arguments: StoreKind.available)
    func aLapsedLeaseIsTakenOverAndTheFirstHolderCanNoLongerEndIt(_ kind: StoreKind) async throws {
        let opened = try await open(kind)
        defer { opened.remove() }
        let store = opened.store
        let owner = profile()
        _ = try await store.insert(owner, quota: 10)
        let record = operation(for: owner.id)
        _ = try await store.enqueue(record, audio: audio, limits: roomy)
        let first = try claimed(try await store.claim(at: start, leaseUntil: start.addingTimeInterval(60)))
        // The first worker stops renewing (killed); its lease lapses and another takes over.
        let afterLapse = start.addingTimeInterval(61)
        #expect(try await store.renew(first, at: afterLapse, until: afterLapse.addingTimeInterval(60)) == false)
        let second = try claimed(try await store.claim(at: afterLapse, leaseUntil: afterLapse.addingTimeInterval(60)))
        #expect(second.id == record.id)
        #expect(second.token != first.token)
        #expect(try await store.finish(first, at: afterLapse, resolve: addTwoSeconds) == nil, "the first lease is lost")
        #expect(try await store.markRunning(first, at: afterLapse, leaseUntil: afterLapse.addingTimeInterval(60)) == false)
        let ended = try #require(try await store.finish(second, at: afterLapse, resolve: addTwoSeconds))
        #expect(ended.status == .succeeded)
        #expect(ended.input == nil)
        #expect(try await store.finish(second, at: afterLapse, resolve: addTwoSeconds) == nil, "it ends once")
        #expect(try await store.identificationProfile(owner.id)?.enrollmentSpeechTime == 2, "applied exactly once")
        #expect(try await store.unfinishedCount() == 0)
    }

    @Test(arguments: StoreKind.available)
    func aFailureEndsTheOperationAndChangesNoProfile(_ kind: StoreKind) async throws {
        let opened = try await open(kind)
        defer { opened.remove() }
        let store = opened.store
        let owner = profile(4)
        _ = try await store.insert(owner, quota: 10)
        _ = try await store.enqueue(operation(for: owner.id), audio: audio, limits: roomy)
        let claim = try claimed(try await store.claim(at: start, leaseUntil: start.addingTimeInterval(60)))
        let ended = try #require(try await store.finish(claim, at: start) { _ in .failed(OperationFailure("SpeechNotRecognized")) })
        #expect(ended.status == .failed)
        #expect(ended.message == "SpeechNotRecognized")
        #expect(try await store.identificationProfile(owner.id)?.enrollmentSpeechTime == 4)
    }

    @Test(arguments: StoreKind.available)
    func anEndingSeesTheProfileAsItIsThen(_ kind: StoreKind) async throws {
        let opened = try await open(kind)
        defer { opened.remove() }
        let store = opened.store
        let owner = profile()
        _ = try await store.insert(owner, quota: 10)
        _ = try await store.enqueue(operation(for: owner.id), audio: audio, limits: roomy)
        let claim = try claimed(try await store.claim(at: start, leaseUntil: start.addingTimeInterval(60)))
        #expect(try await store.deleteIdentificationProfile(owner.id))
        let ended = try #require(try await store.finish(claim, at: start, resolve: addTwoSeconds))
        #expect(ended.status == .failed, "the profile was deleted while the operation ran")
        #expect(try await store.identificationProfile(owner.id) == nil, "and is not brought back")
    }

    @Test(arguments: StoreKind.available)
    func oldOperationsArePurged(_ kind: StoreKind) async throws {
        let opened = try await open(kind)
        defer { opened.remove() }
        let store = opened.store
        let owner = profile()
        _ = try await store.insert(owner, quota: 10)
        let record = operation(for: owner.id)
        _ = try await store.enqueue(record, audio: audio, limits: roomy)
        #expect(try await store.purge(createdBefore: start.addingTimeInterval(-1)) == 0)
        #expect(try await store.purge(createdBefore: start) == 1)
        #expect(try await store.operation(record.id) == nil)
        #expect(try await store.unfinishedCount() == 0)
    }

    @Test func aReopenedDatabaseKeepsEndsAndResumesTheRestWithoutTheirLeases() async throws {
        let opened = try await open(.sqlite)
        defer { opened.remove() }
        let store = opened.store
        let owner = profile()
        _ = try await store.insert(owner, quota: 10)
        let done = operation(for: owner.id)
        let waiting = operation(for: owner.id)
        _ = try await store.enqueue(done, audio: audio, limits: roomy)
        _ = try await store.enqueue(waiting, audio: audio, limits: roomy)
        let lease = start.addingTimeInterval(3600)
        let first = try claimed(try await store.claim(at: start, leaseUntil: lease))
        let second = try claimed(try await store.claim(at: start, leaseUntil: lease))
        _ = try await store.finish(first, at: start, resolve: addTwoSeconds)
        #expect(await store.audioBytesInMemory() == 0, "uploads wait in the file")

        let reopened = try opened.reopened()
        #expect(try await reopened.identificationProfile(owner.id)?.enrollmentSpeechTime == 2)
        #expect(try await reopened.operation(first.id)?.status == .succeeded)
        #expect(try await reopened.unfinishedCount() == 1)
        // The dead process's lease is gone: the operation is claimed again at once, with its upload.
        let resumed = try claimed(try await reopened.claim(at: start, leaseUntil: lease))
        #expect(resumed.id == second.id)
        #expect(resumed.audio == audio)
    }

    @Test func aWriteThatFailsLeavesNothingBehindInTheMirror() async throws {
        let opened = try await open(.sqlite)
        defer { opened.remove() }
        let store = opened.store
        let kept = profile(3)
        _ = try await store.insert(kept, quota: 10)
        _ = try await store.enqueue(operation(for: kept.id), audio: audio, limits: roomy)
        let held = try claimed(try await store.claim(at: start, leaseUntil: start.addingTimeInterval(60)))
        // Another connection makes every write of a profile fail, as a full disk would.
        let saboteur = try DatabaseQueue(path: opened.folder!.appendingPathComponent("spid.sqlite").path)
        try await saboteur.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER no_insert BEFORE INSERT ON identification_profile BEGIN SELECT RAISE(ABORT, 'disk full'); END;
                    CREATE TRIGGER no_update BEFORE UPDATE ON identification_profile BEGIN SELECT RAISE(ABORT, 'disk full'); END;
                    """)
        }
        let refused = profile()
        await #expect(throws: DatabaseError.self) { _ = try await store.insert(refused, quota: 10) }
        #expect(try await store.identificationProfile(refused.id) == nil, "the mirror does not keep what the file refused")
        await #expect(throws: DatabaseError.self) {
            _ = try await store.changeIdentificationProfile(kept.id) { profile -> Result<Void, ServiceFailure> in
                profile.enrollmentSpeechTime = 99
                return .success(())
            }
        }
        #expect(try await store.identificationProfile(kept.id)?.enrollmentSpeechTime == 3)
        guard case .idle = try await store.claim(at: start, leaseUntil: start.addingTimeInterval(60)) else {
            Issue.record("a claim was lost when the mirror was read again")
            return
        }
        #expect(try await store.renew(held, at: start, until: start.addingTimeInterval(60)))
        try await saboteur.write { db in try db.execute(sql: "DROP TRIGGER no_insert; DROP TRIGGER no_update;") }
        try saboteur.close()
        #expect(try await store.insert(refused, quota: 10), "writes work again once the fault is gone")
    }

    /// Two services on one store, as instances behind a load balancer share a database: every
    /// accepted operation ends once, and each profile's speech time is the sum of its
    /// succeeded enrollments.
    @Test(arguments: StoreKind.available)
    func twoServicesOnOneStoreEndEveryOperationOnce(_ kind: StoreKind) async throws {
        let opened = try await open(kind)
        defer { opened.remove() }
        let store = opened.store
        var configuration = EmulatorConfiguration(keys: ["k"], processingDelay: .zero)
        configuration.maximumConcurrentOperations = 2
        let engine = InstantEngine()
        let services = (0..<2).map { _ in
            SpeakerRecognitionEmulator(
                configuration: configuration, engine: engine, store: store, clock: SystemEmulatorClock(),
                logger: .init(label: "test"), observer: SilentEmulatorObserver())
        }
        let wav = try AudioFixtures.data("awb-test2.wav")
        let profiles = (0..<3).map { _ in profile() }
        for record in profiles { _ = try await store.insert(record, quota: 10) }
        var locations: [String] = []
        for index in 0..<24 {
            let service = services[index % 2]
            let response = await service.respond(to: try enrollRequest(profiles[index % 3].id, wav))
            #expect(response.statusCode == 202)
            locations.append(try #require(response.headers["Operation-Location"]))
        }
        for service in services { await service.start() }
        var ended: [OperationRecord] = []
        for _ in 0..<2000 {
            ended = try await locations.asyncCompactMap { try await store.operation(try #require(OperationID(String($0.suffix(36))))) }
                .filter(\.status.isTerminal)
            if ended.count == locations.count { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        for service in services { await service.shutdown() }
        #expect(ended.count == 24)
        #expect(ended.allSatisfy { $0.status == .succeeded })
        #expect(engine.calls == 24, "each operation analysed once")
        let each = try #require(ended.first?.result?["speechTime"]?.doubleValue)
        #expect(each > 0)
        for record in profiles {
            let speech = try #require(try await store.identificationProfile(record.id)).enrollmentSpeechTime
            #expect(abs(speech - 8 * each) < 0.05, "8 enrollments of this profile, each counted once")
        }
    }

    func enrollRequest(_ profile: ProfileID, _ wav: Data) throws -> TransportRequest {
        TransportRequest(
            method: "POST",
            url: try #require(URL(string: "http://localhost/spid/v1.0/identificationProfiles/\(profile)/enroll?shortAudio=true")),
            headers: ["Ocp-Apim-Subscription-Key": "k", "Content-Type": "application/octet-stream"], body: wav)
    }
}

extension Array {
    fileprivate func asyncCompactMap<T>(_ transform: (Element) async throws -> T?) async rethrows -> [T] {
        var result: [T] = []
        for element in self { if let value = try await transform(element) { result.append(value) } }
        return result
    }
}

/// An engine that answers at once, for tests about the service's bookkeeping rather than voices:
/// every upload's voiceprint is one number, and every test clip matches the first candidate.
final class InstantEngine: SpeakerEngine, @unchecked Sendable {  // `count` is only touched under `lock`
    private let lock = NSLock()
    private var count = 0
    var calls: Int { lock.withLock { count } }
    var name: String { "instant" }

    func voiceprint(of sample: SpeechSample) throws -> Voiceprint {
        lock.withLock { count += 1 }
        return Voiceprint(engine: name, dimension: 1, vectors: [1], speechSeconds: sample.speechSeconds)
    }

    func merging(_ addition: Voiceprint, into existing: Voiceprint?) -> Voiceprint { addition }
    func identify(_ test: Voiceprint, among candidates: [Voiceprint], cohort: [Voiceprint]) -> SpeakerIdentification {
        SpeakerIdentification(match: candidates.isEmpty ? nil : 0, confidence: .high, scores: candidates.map { _ in 1 })
    }
    func verify(_ test: Voiceprint, against profile: Voiceprint, cohort: [Voiceprint]) -> SpeakerVerification {
        SpeakerVerification(accepted: true, confidence: .high, score: 1)
    }
}
