import Foundation
import Testing

@testable import SpeakerRecognition

@Suite("Retry-After")
struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT

    static let cases: [(TransportHeaders, Int64)] = [
        (["Retry-After": "5"], 5000),
        (["retry-after": " 0 "], 0),
        (["Retry-After": "1.5"], 1500),
        (["retry-after-ms": "250", "Retry-After": "9"], 250),
        (["Retry-After": "Wed, 21 Oct 2015 07:28:10 GMT"], 10_000),
        (["Retry-After": "Wed, 21 Oct 2015 07:27:00 GMT"], 0),
    ]

    @Test("seconds, milliseconds and HTTP-dates", arguments: cases)
    func parses(_ headers: TransportHeaders, _ milliseconds: Int64) {
        #expect(RetryAfter.parse(headers, now: now) == .milliseconds(milliseconds))
    }

    @Test(
        "nothing, or nonsense, is no wait",
        arguments: [
            [:] as TransportHeaders, ["Retry-After": ""], ["Retry-After": "-3"], ["Retry-After": "soon"], ["Retry-After": "nan"],
        ])
    func none(_ headers: TransportHeaders) {
        #expect(RetryAfter.parse(headers, now: now) == nil)
    }
}
