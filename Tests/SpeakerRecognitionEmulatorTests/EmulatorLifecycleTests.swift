import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpeakerEngines
@testable import SpeakerRecognitionEmulator

/// A clock the test moves by hand.
final class ManualClock: EmulatorClock, @unchecked Sendable {  // every access to `current` holds `lock`
    private let lock = NSLock()
    private var current = Date(timeIntervalSinceReferenceDate: 800_000_000)
    func now() -> Date { lock.withLock { current } }
    func advance(_ seconds: Double) { lock.withLock { current += seconds } }
}

/// The classical engine, counting how many voiceprints are made at once.
final class CountingEngine: SpeakerEngine, @unchecked Sendable {  // counters are only touched under `lock`
    private let lock = NSLock()
    private let inner = ClassicalEngine()
    private var current = 0
    private var most = 0
    private var count = 0
    private var threads: Set<String> = []
    var mostAtOnce: Int { lock.withLock { most } }
    var calls: Int { lock.withLock { count } }
    /// The names of the threads voiceprints were made on (as the system shows them).
    var threadNames: Set<String> { lock.withLock { threads } }
    var name: String { inner.name }

    func voiceprint(of sample: SpeechSample) throws -> Voiceprint {
        let thread = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        lock.withLock {
            current += 1
            count += 1
            most = max(most, current)
            threads.insert(thread)
        }
        defer { lock.withLock { current -= 1 } }
        Thread.sleep(forTimeInterval: 0.02)
        return try inner.voiceprint(of: sample)
    }

    func merging(_ addition: Voiceprint, into existing: Voiceprint?) -> Voiceprint { inner.merging(addition, into: existing) }
    func identify(_ test: Voiceprint, among candidates: [Voiceprint], cohort: [Voiceprint]) -> SpeakerIdentification {
        inner.identify(test, among: candidates, cohort: cohort)
    }
    func verify(_ test: Voiceprint, against profile: Voiceprint, cohort: [Voiceprint]) -> SpeakerVerification {
        inner.verify(test, against: profile, cohort: cohort)
    }
}

/// The emulator in process: the embedded transport, the operation lifecycle, retention.
@Suite(.timeLimit(.minutes(5))) struct EmulatorLifecycleTests {
    static let key = "embedded-key"

    static func client(_ emulator: SpeakerRecognitionEmulator) throws -> SpeakerRecognitionClient {
        SpeakerRecognitionClient(endpoint: try ServiceEndpoint("http://localhost"), key: try SubscriptionKey(key), transport: emulator)
    }

    @Test func operationsMoveThroughEveryStatus() async throws {
        let emulator = try SpeakerRecognitionEmulator(
            configuration: EmulatorConfiguration(keys: [Self.key], processingDelay: .milliseconds(400)))
        let client = try Self.client(emulator)
        let id = try await client.createIdentificationProfile()
        let location = try await client.enroll(try AudioFixtures.data("slt-test1.wav"), identificationProfile: id, shortAudio: true)
        #expect(location.url.absoluteString.hasPrefix("http://localhost/spid/v1.0/operations/"))
        var seen: [OperationStatus] = []
        var last: OperationSnapshot?
        for _ in 0..<600 {
            let snapshot = try await client.operationStatus(at: location)
            if seen.last != snapshot.status { seen.append(snapshot.status) }
            last = snapshot
            if snapshot.status.isTerminal { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(seen == [.notStarted, .running, .succeeded])
        let snapshot = try #require(last)
        #expect(snapshot.raw["processingResult"]?["enrollmentStatus"]?.stringValue == "Enrolled")
        let created = try #require(snapshot.createdDateTime)
        let lastAction = try #require(snapshot.lastActionDateTime)
        #expect(lastAction.timeIntervalSince(created) >= 0.7, "two processing delays passed")
        #expect(await emulator.unfinishedOperationCount == 0)
    }

    @Test func operationsExpireAfter24Hours() async throws {
        let clock = ManualClock()
        let emulator = try SpeakerRecognitionEmulator(
            configuration: EmulatorConfiguration(keys: [Self.key], processingDelay: .zero), clock: clock)
        let client = try Self.client(emulator)
        let id = try await client.createIdentificationProfile()
        let location = try await client.enroll(try AudioFixtures.data("rms-test1.wav"), identificationProfile: id, shortAudio: true)
        var status = OperationStatus.notStarted
        for _ in 0..<600 where !status.isTerminal {
            status = try await client.operationStatus(at: location).status
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(status == .succeeded)
        clock.advance(24 * 3600 - 1)
        #expect(try await client.operationStatus(at: location).status == .succeeded)
        clock.advance(1)
        do {
            _ = try await client.operationStatus(at: location)
            Issue.record("the operation should have expired")
        } catch {
            #expect(error.stage == .operationGone)
            #expect(error.statusCode == 404)
        }
        #expect(try await client.identificationProfile(id).enrollmentStatus == .enrolled, "profiles do not expire")
    }

    @Test func analysisConcurrencyIsBounded() async throws {
        let engine = CountingEngine()
        var configuration = EmulatorConfiguration(keys: [Self.key], processingDelay: .milliseconds(20))
        configuration.maximumConcurrentOperations = 1
        let client = try Self.client(try SpeakerRecognitionEmulator(configuration: configuration, engine: engine))
        let audio = try AudioFixtures.data("awb-test2.wav")
        var locations: [OperationLocation] = []
        for _ in 0..<4 {
            let id = try await client.createIdentificationProfile()
            locations.append(try await client.enroll(audio, identificationProfile: id, shortAudio: true))
        }
        var finished = 0
        for _ in 0..<3000 where finished < locations.count {
            finished = 0
            for location in locations where try await client.operationStatus(at: location).status == .succeeded { finished += 1 }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(finished == 4)
        #expect(engine.calls == 4)
        #expect(engine.mostAtOnce == 1)
        // On the compute pool's threads, never on those that answer requests.
        #expect(!engine.threadNames.isEmpty && engine.threadNames.allSatisfy { $0.hasPrefix("spid-compute-") }, "\(engine.threadNames)")
    }

    @Test func aFullQueueAnswers429WithRetryAfterAndLosesNothing() async throws {
        var configuration = EmulatorConfiguration(keys: [Self.key], processingDelay: .seconds(30))
        configuration.maximumQueuedOperations = 2
        let emulator = try SpeakerRecognitionEmulator(configuration: configuration)
        let client = try Self.client(emulator)
        let audio = try AudioFixtures.data("awb-test2.wav")
        let id = try await client.createIdentificationProfile()
        for _ in 0..<2 { _ = try await client.enroll(audio, identificationProfile: id, shortAudio: true) }
        do {
            _ = try await client.enroll(audio, identificationProfile: id, shortAudio: true)
            Issue.record("a third operation must wait")
        } catch {
            #expect(error.statusCode == 429)
            #expect(error.serviceError?.code == "RateLimitExceeded")
            #expect(error.serviceError?.message.contains("2 operations waiting") == true)
            #expect(error.retryAfter == .seconds(60))
        }
        #expect(await emulator.unfinishedOperationCount == 2, "the two accepted ones are kept")
        await emulator.shutdown()

        var bytes = EmulatorConfiguration(keys: [Self.key], processingDelay: .seconds(30))
        bytes.maximumQueuedBytes = audio.count * 3 / 2
        let small = try Self.client(try SpeakerRecognitionEmulator(configuration: bytes))
        let other = try await small.createIdentificationProfile()
        _ = try await small.enroll(audio, identificationProfile: other, shortAudio: true)
        await #expect(throws: SpidError.self) { try await small.enroll(audio, identificationProfile: other, shortAudio: true) }
    }

    @Test func theQuotaOfProfilesIsEnforced() async throws {
        var configuration = EmulatorConfiguration(keys: [Self.key])
        configuration.maximumProfiles = 2
        let client = try Self.client(try SpeakerRecognitionEmulator(configuration: configuration))
        _ = try await client.createIdentificationProfile()
        _ = try await client.createVerificationProfile()
        do {
            _ = try await client.createIdentificationProfile()
            Issue.record("a third profile was created")
        } catch {
            #expect(error.statusCode == 403)
            #expect(error.serviceError?.code == "QuotaExceeded")
        }
    }

    @Test func oversizedBodiesAreRefusedByTheirRoutesLimit() async throws {
        var configuration = EmulatorConfiguration(keys: [Self.key])
        configuration.maximumUploadBytes = 1000
        configuration.maximumRequestBodyBytes = 100
        let emulator = try SpeakerRecognitionEmulator(configuration: configuration)
        func post(_ path: String, bytes: Int) async throws -> Int {
            let request = TransportRequest(
                method: "POST", url: try #require(URL(string: "http://localhost/spid/v1.0\(path)")),
                headers: ["Ocp-Apim-Subscription-Key": Self.key], body: Data(count: bytes))
            return await emulator.respond(to: request).statusCode
        }
        let enroll = "/identificationProfiles/\(UUID().uuidString.lowercased())/enroll"
        #expect(try await post(enroll, bytes: 2000) == 413, "over the upload limit")
        #expect(try await post(enroll, bytes: 500) != 413, "an upload may be larger than other bodies")
        #expect(try await post("/identificationProfiles", bytes: 500) == 413, "a locale body is small")
        #expect(emulator.bodyLimit(method: "POST", path: "/spid/v1.0/identify") == 1000)
        #expect(emulator.bodyLimit(method: "GET", path: "/nowhere") == 100)
    }
}
