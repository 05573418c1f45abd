import Foundation
import GRDB
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpeakerRecognitionEmulator

/// A data folder: uploads wait on disk, not in memory, and a restart resumes them.
@Suite("Emulator storage", .serialized, .timeLimit(.minutes(1)))
struct EmulatorStorageTests {
    static let key = "storage-key"

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spid-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func client(_ emulator: SpeakerRecognitionEmulator) throws -> SpeakerRecognitionClient {
        SpeakerRecognitionClient(endpoint: try ServiceEndpoint("http://localhost"), key: try SubscriptionKey(Self.key), transport: emulator)
    }

    func waitForEnd(_ client: SpeakerRecognitionClient, _ location: OperationLocation) async throws -> OperationSnapshot {
        for _ in 0..<1000 {
            let snapshot = try await client.operationStatus(at: location)
            if snapshot.status.isTerminal { return snapshot }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FixtureError(message: "the operation did not end")
    }

    @Test func queuedUploadsWaitOnDiskAndResumeAfterARestart() async throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let slow = try SpeakerRecognitionEmulator(
            configuration: EmulatorConfiguration(keys: [Self.key], processingDelay: .seconds(60)), storage: .directory(directory))
        let before = try client(slow)
        let profile = try await before.createIdentificationProfile()
        let audio = try AudioFixtures.data("awb-enroll.wav")
        var locations: [OperationLocation] = []
        for _ in 0..<3 { locations.append(try await before.enroll(audio, identificationProfile: profile, shortAudio: true)) }
        #expect(await slow.unfinishedOperationCount == 3)
        #expect(await slow.audioBytesInMemory == 0, "the uploads wait in the data folder")
        await slow.shutdown()

        let resumed = try SpeakerRecognitionEmulator(
            configuration: EmulatorConfiguration(keys: [Self.key], processingDelay: .milliseconds(20)), storage: .directory(directory))
        #expect(await resumed.audioBytesInMemory == 0, "a restart reads no upload until it runs")
        await resumed.start()
        let after = try client(resumed)
        for location in locations { #expect(try await waitForEnd(after, location).status == .succeeded) }
        let enrolled = try await after.identificationProfile(profile)
        #expect(enrolled.enrollmentSpeechTime > 0)
        await resumed.shutdown()
    }

    @Test func aVersion1FolderIsMigratedAndItsQueuedUploadRuns() async throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let profile = ProfileID(UUID())
        let operation = OperationID(UUID())
        let audio = try AudioFixtures.data("awb-enroll.wav")
        // The v1 schema and one queued enrollment with its input as JSON, the audio in base64.
        let database = try DatabaseQueue(path: directory.appendingPathComponent("spid.sqlite").path)
        try await database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1');
                    CREATE TABLE identification_profile (
                        id TEXT PRIMARY KEY, locale TEXT NOT NULL, created REAL NOT NULL, last_action REAL NOT NULL,
                        speech_time REAL NOT NULL, forced_enrolled INTEGER NOT NULL, voiceprint BLOB);
                    CREATE TABLE verification_profile (
                        id TEXT PRIMARY KEY, locale TEXT NOT NULL, created REAL NOT NULL, last_action REAL NOT NULL,
                        enrollments INTEGER NOT NULL, phrase TEXT, phrase_template BLOB, voiceprint BLOB);
                    CREATE TABLE operation (
                        id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, created REAL NOT NULL,
                        last_action REAL NOT NULL, message TEXT, result TEXT, input TEXT);
                    """)
            let now = Date().timeIntervalSinceReferenceDate
            try db.execute(
                sql: "INSERT INTO identification_profile VALUES (?, 'en-us', ?, ?, 0, 0, NULL)",
                arguments: [profile.description, now, now])
            let input = #"{"profiles":["\#(profile)"],"shortAudio":true,"audio":"\#(audio.base64EncodedString())"}"#
            try db.execute(
                sql: "INSERT INTO operation VALUES (?, 'enrollment', 'notstarted', ?, ?, NULL, NULL, ?)",
                arguments: [operation.description, now, now, input])
        }
        try database.close()

        let emulator = try SpeakerRecognitionEmulator(
            configuration: EmulatorConfiguration(keys: [Self.key], processingDelay: .milliseconds(20)), storage: .directory(directory))
        await emulator.start()
        let client = try client(emulator)
        let ended = try await waitForEnd(client, client.location(of: operation))
        #expect(ended.status == .succeeded)
        #expect(ended.enrollmentResult?.speechTime ?? 0 > 0)
        await emulator.shutdown()
    }
}
