import Foundation
import SpeakerRecognitionEmulator
import Testing

@testable import SpeakerRecognitionPostgres

/// A step that outlives its limit is always "storage unavailable" (a 503), even when the work,
/// once cancelled, fails at once with an error of its own: the CI cluster check once saw a 500
/// when the connection pool's `requestCancelled` beat the timeout's answer. No database needed.
@Suite struct PostgresStepTimeoutTests {
    struct Cancelled: Error {}

    @Test func aStepPastItsLimitIsUnavailableWhateverTheCancelledWorkThrows() async {
        var other: [String] = []
        for _ in 0..<200 {
            do {
                _ = try await PostgresStore.within(.milliseconds(5)) { () async throws -> Int in
                    do { try await Task.sleep(for: .seconds(30)) } catch { throw Cancelled() }
                    return 1
                }
                other.append("an answer")
            } catch is StoreUnavailable {
            } catch {
                other.append("\(error)")
            }
        }
        #expect(other.isEmpty, "\(other.count) of 200 were not StoreUnavailable: \(other.prefix(3))")
    }

    @Test func aStepWithinItsLimitAnswersAndItsErrorsPassThrough() async throws {
        #expect(try await PostgresStore.within(.seconds(30)) { 7 } == 7)
        await #expect(throws: Cancelled.self) {
            try await PostgresStore.within(.seconds(30)) { () async throws -> Int in throw Cancelled() }
        }
    }
}
