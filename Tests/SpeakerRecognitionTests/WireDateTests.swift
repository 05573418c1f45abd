import Foundation
import Testing

@testable import SpeakerRecognition

@Suite("Wire dates")
struct WireDateTests {
    static let base = Date(timeIntervalSince1970: 1_580_428_079)  // 2020-01-30T23:47:59Z

    @Test(
        "0 to 7 fractional digits, Z, offsets, no zone",
        arguments: [
            ("2020-01-30T23:47:59Z", 0.0),
            ("2020-01-30T23:47:59.8Z", 0.8),
            ("2020-01-30T23:47:59.87Z", 0.87),
            ("2020-01-30T23:47:59.878Z", 0.878),
            ("2020-01-30T23:47:59.8780Z", 0.878),
            ("2020-01-30T23:47:59.87808Z", 0.87808),
            ("2020-01-30T23:47:59.878088Z", 0.878088),
            ("2020-01-30T23:47:59.8780883Z", 0.8780883),
            ("2020-01-31T00:47:59.5+01:00", 0.5),
            ("2020-01-30T22:47:59-0100", 0.0),
            ("2020-01-30T23:47:59.5", 0.5),
        ])
    func parses(_ text: String, _ fraction: Double) throws {
        let date = try #require(WireDate.parse(text))
        #expect(abs(date.timeIntervalSince1970 - (Self.base.timeIntervalSince1970 + fraction)) < 1e-6)
    }

    @Test(
        "rejects what is not a date",
        arguments: [
            "", "2020-01-30", "2020-13-01T00:00:00Z", "2020-02-30T00:00:00Z", "2020-01-30T24:00:00Z",
            "2020-01-30T23:47:59.Z", "2020-01-30T23:47:59.8780883123Z", "2020-01-30T23:47:59Zjunk", "yesterday",
        ])
    func rejects(_ text: String) {
        #expect(WireDate.parse(text) == nil)
    }

    @Test("formats as the service did")
    func formats() throws {
        let date = try #require(WireDate.parse("2016-09-23T01:34:44.4795299Z"))
        #expect(WireDate.format(date) == "2016-09-23T01:34:44.4795299Z")
        #expect(WireDate.format(Self.base) == "2020-01-30T23:47:59Z")
        let profileDate = try #require(WireDate.parse("2020-01-29T22:48:17.007Z"))
        #expect(WireDate.format(profileDate, fractionDigits: 3, trimZeros: false) == "2020-01-29T22:48:17.007Z")
        #expect(WireDate.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(WireDate.parse("2000-02-29T12:00:00Z").map { WireDate.format($0) } == "2000-02-29T12:00:00Z")
    }
}
