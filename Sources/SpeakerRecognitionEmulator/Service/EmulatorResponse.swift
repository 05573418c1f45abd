import Foundation
import SpeakerEngines
import SpeakerRecognition

/// Builders for the emulator's answers, with the headers the hosted service sent.
enum EmulatorResponse {
    static func json(_ value: JSONValue, status: Int = 200, headers extra: [(String, String)] = []) -> TransportResponse {
        json(body: Data(value.jsonText().utf8), status: status, headers: extra)
    }

    /// A JSON answer whose body is encoded already.
    static func json(body: Data, status: Int = 200, headers extra: [(String, String)] = []) -> TransportResponse {
        var headers = base()
        headers.append(name: "Content-Type", value: "application/json; charset=utf-8")
        for (name, value) in extra { headers.append(name: name, value: value) }
        return TransportResponse(statusCode: status, headers: headers, body: body)
    }

    static func empty(status: Int = 200, headers extra: [(String, String)] = []) -> TransportResponse {
        var headers = base()
        for (name, value) in extra { headers.append(name: name, value: value) }
        return TransportResponse(statusCode: status, headers: headers)
    }

    static func failure(_ failure: ServiceFailure) -> TransportResponse {
        json(failure.body, status: failure.status, headers: failure.headers)
    }

    private static func base() -> TransportHeaders {
        var headers = TransportHeaders()
        headers.append(name: "apim-request-id", value: UUID().uuidString.lowercased())
        return headers
    }
}
