import Foundation
import SpeakerRecognition
import SpidTestSupport

/// Answers polls from a script, one entry per poll; the last entry repeats.
actor PollScript {
    enum Step: Sendable {
        case status(String, headers: TransportHeaders = [:], result: String? = nil)
        case http(Int, headers: TransportHeaders = [:])
        case transportError
        case hang
    }

    private var steps: [Step]
    private(set) var polls = 0
    private(set) var cancelledRequests = 0
    private var inFlight = 0
    private(set) var mostInFlight = 0

    init(_ steps: [Step]) { self.steps = steps }

    func next() -> Step {
        polls += 1
        return steps.count > 1 ? steps.removeFirst() : steps[0]
    }

    func began() {
        inFlight += 1
        mostInFlight = max(mostInFlight, inFlight)
    }

    func ended() { inFlight -= 1 }
    func sawCancellation() { cancelledRequests += 1 }

    static func body(_ status: String, result: String?) -> String {
        var text =
            #"{"status":"\#(status)","createdDateTime":"2020-01-30T23:47:59.8780883Z","lastActionDateTime":"2020-01-30T23:48:01.9999543Z""#
        if let result { text += #","processingResult":\#(result)"# }
        if status == "failed" { text += #","message":"IncompleteEnrollment""# }
        return text + "}"
    }
}

enum MonitorFixture {
    static let enrolled =
        #"{"enrollmentStatus":"Enrolled","remainingEnrollmentSpeechTime":0.0,"speechTime":31.5,"enrollmentSpeechTime":31.5}"#
    static let identified = #"{"confidence":"High","identifiedProfileId":"111f427c-3791-468f-b709-fcef7660fff9"}"#

    /// A client whose 202s carry `acceptedHeaders` and whose polls follow `script` (per operation
    /// when several are tracked, all share it).
    static func client(_ script: PollScript, acceptedHeaders: TransportHeaders = [:], delay: Duration? = nil) -> SpeakerRecognitionClient {
        let transport = ScriptedTransport { request in
            if request.method == "POST" {
                var headers = acceptedHeaders
                headers["Operation-Location"] = TestValues.endpoint.url("/operations/\(UUID().uuidString.lowercased())").absoluteString
                return TransportResponse(statusCode: 202, headers: headers)
            }
            await script.began()
            do {
                let response = try await answer(script, delay: delay)
                await script.ended()
                return response
            } catch {
                await script.ended()
                throw error
            }
        }
        return TestValues.client(transport)
    }

    /// The answer to one poll, from the script.
    private static func answer(_ script: PollScript, delay: Duration?) async throws -> TransportResponse {
        if let delay { try await Task.sleep(for: delay) }
        switch await script.next() {
        case .status(let status, let headers, let result):
            return TransportResponse(statusCode: 200, headers: headers, body: Data(PollScript.body(status, result: result).utf8))
        case .http(let code, let headers):
            return TransportResponse(
                statusCode: code, headers: headers, body: Data(#"{"error":{"code":"X","message":"status \#(code)"}}"#.utf8))
        case .transportError:
            throw URLError(.networkConnectionLost)
        case .hang:
            do {
                try await Task.sleep(for: .seconds(3600))
            } catch {
                await script.sawCancellation()
                throw error
            }
            throw URLError(.timedOut)
        }
    }

    /// A policy without jitter, so sleeps can be compared exactly.
    static let policy = PollingPolicy(
        initialDelay: .seconds(1), interval: .seconds(1), backoffMultiplier: 2, maximumInterval: .seconds(4), jitter: 0,
        minimumDelay: .milliseconds(100), maximumRetryAfter: .seconds(60), maximumWait: .seconds(600), maximumRetries: 3,
        retryBackoff: .seconds(1))

    /// Drives `clock` until `task` ends (at most `steps` wakes), and returns its result.
    static func drive<T: Sendable>(_ clock: ManualPollingClock, until task: Task<T, any Error>, steps: Int = 200) async throws -> T {
        let box = Finished()
        let watcher = Task {
            _ = try? await task.value; await box.set()
        }
        for _ in 0..<steps {
            if await box.done { break }
            if !(await clock.advanceToNextWake(timeout: 0.05)) { continue }
        }
        watcher.cancel()
        return try await task.value
    }

    actor Finished {
        var done = false
        func set() { done = true }
    }
}
