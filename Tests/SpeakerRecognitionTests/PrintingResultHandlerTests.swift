import Foundation
import Testing

@testable import SpeakerRecognition

@Suite("Result handlers")
struct PrintingResultHandlerTests {
    let location = OperationLocation(string: "http://127.0.0.1:1/spid/v1.0/operations/ef217d0c-9085-45d7-aae0-2b36471b89b5")!

    final class Lines: Sendable {
        let lock = NSLock()
        nonisolated(unsafe) var lines: [String] = []  // guarded by lock
        func add(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    @Test("the default handler writes one line per change")
    func printing() async throws {
        let lines = Lines()
        let handler = PrintingResultHandler(write: lines.add)
        let enrolled = OperationSnapshot(
            status: .succeeded,
            processingResult: .enrollment(
                .init(enrollmentStatus: .enrolling, remainingEnrollmentSpeechTime: 16.4, speechTime: 13.6, enrollmentSpeechTime: 13.6)))
        try await handler.handle(StatusChange(location: location, kind: .enrollment, previous: .running, snapshot: enrolled))
        try await handler.handle(
            StatusChange(location: location, kind: nil, previous: nil, snapshot: OperationSnapshot(status: .notStarted)))
        let nobody = OperationSnapshot(
            status: .succeeded, processingResult: .identification(.init(identifiedProfileId: .zero, confidence: .normal)))
        try await handler.handle(StatusChange(location: location, kind: .identification, previous: .running, snapshot: nobody))
        try await handler.handle(
            StatusChange(
                location: location, kind: .identification, previous: .running,
                snapshot: OperationSnapshot(status: .failed, message: "SpeakerInvalid")))
        #expect(
            lines.all == [
                "enrollment ef217d0c-9085-45d7-aae0-2b36471b89b5: running → succeeded (Enrolling, 13.6 s of speech, 16.4 s remaining)",
                "ef217d0c-9085-45d7-aae0-2b36471b89b5: notstarted",
                "identification ef217d0c-9085-45d7-aae0-2b36471b89b5: running → succeeded (nobody identified, confidence Normal)",
                "identification ef217d0c-9085-45d7-aae0-2b36471b89b5: running → failed (SpeakerInvalid)",
            ])
    }

    @Test("closure handlers pass their errors on")
    func closures() async {
        struct Boom: Error {}
        let handler: any ResultHandler = ClosureResultHandler { _ in throw Boom() }
        await #expect(throws: Boom.self) {
            try await handler.handle(
                StatusChange(location: location, kind: nil, previous: nil, snapshot: OperationSnapshot(status: .running)))
        }
    }
}
