import Foundation
import SpeakerRecognition

/// Keeps every request it is handed and answers each with a 500, so nothing goes further.
actor RecordingTransport: Transport {
    private(set) var requests: [TransportRequest] = []

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        requests.append(request)
        return TransportResponse(statusCode: 500)
    }
}
