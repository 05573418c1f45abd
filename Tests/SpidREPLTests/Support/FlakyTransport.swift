import Foundation
import SpeakerRecognition

/// A service that answers from a list, one answer per request, repeating the last one: a 429
/// or 503 first, then the real answer. It counts what it was asked.
actor FlakyTransport: Transport {
    private var answers: [TransportResponse]
    private(set) var requests: [TransportRequest] = []

    init(_ answers: [TransportResponse]) { self.answers = answers }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        requests.append(request)
        return answers.count > 1 ? answers.removeFirst() : answers[0]
    }

    /// An error answer with the service's JSON body, and `Retry-After` when given.
    static func failure(_ status: Int, retryAfter: String? = nil) -> TransportResponse {
        let body = #"{"error":{"code":"Busy","message":"try again later"}}"#
        var headers: TransportHeaders = ["Content-Type": "application/json"]
        if let retryAfter { headers = ["Content-Type": "application/json", "Retry-After": retryAfter] }
        return TransportResponse(statusCode: status, headers: headers, body: Data(body.utf8))
    }

    /// A succeeded enrollment.
    static let succeeded = TransportResponse(
        statusCode: 200, headers: ["Content-Type": "application/json"],
        body: Data(
            #"{"status":"succeeded","createdDateTime":"2015-09-30T01:28:23Z","lastActionDateTime":"2015-09-30T01:37:23Z","processingResult":{"enrollmentStatus":"Enrolled","remainingEnrollmentSpeechTime":0.0,"speechTime":12.5,"enrollmentSpeechTime":30.0}}"#
                .utf8))
}
