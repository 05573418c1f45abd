import ArgumentParser
import Foundation
import SpeakerRecognition

/// Operation documents decoded per second: spid's strict decoder (what every poll uses), its
/// lenient decoder on the same valid input, and a bare `JSONDecoder` into a plain struct of the
/// document's fields (the floor: no raw tree, no dates, no enums).
struct DecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Decode operation documents in a loop; print documents per second as JSON.")

    @Option(help: "Documents decoded per timed round.") var count = 20000
    @Option(help: "Timed rounds; the median is reported with min and max.") var rounds = 5

    /// As captured from the service: an identification, an enrollment, a failure, and the two waits.
    static let documents: [Data] = [
        #"{"status":"succeeded","createdDateTime":"2020-01-30T23:47:59.8780883Z","lastActionDateTime":"2020-01-30T23:48:01.9999543Z","processingResult":{"confidence":"High","identifiedProfileId":"7bd2514a-a19d-4404-95e1-a4488681245e"}}"#,
        #"{"status":"succeeded","createdDateTime":"2016-09-23T01:34:44.226642Z","lastActionDateTime":"2016-09-23T01:34:44.4795299Z","processingResult":{"enrollmentStatus":"Enrolling","remainingEnrollmentSpeechTime":16.4,"speechTime":13.6,"enrollmentSpeechTime":13.6}}"#,
        #"{"status":"failed","createdDateTime":"2018-06-07T03:06:29.6295621Z","lastActionDateTime":"2018-06-07T03:06:30.3930258Z","message":"IncompleteEnrollment"}"#,
        #"{"status":"running","createdDateTime":"2020-01-30T23:47:59.8780883Z","lastActionDateTime":"2020-01-30T23:48:00.1010543Z"}"#,
        #"{"status":"notstarted","createdDateTime":"2020-01-30T23:47:59.8780883Z","lastActionDateTime":"2020-01-30T23:47:59.8780883Z"}"#,
    ].map { Data($0.utf8) }

    /// The floor's target: every field, as plain strings and numbers.
    private struct PlainOperation: Decodable {
        struct Result: Decodable {
            let identifiedProfileId: String?
            let confidence: String?
            let enrollmentStatus: String?
            let remainingEnrollmentSpeechTime: Double?
            let speechTime: Double?
            let enrollmentSpeechTime: Double?
        }
        let status: String
        let createdDateTime: String?
        let lastActionDateTime: String?
        let message: String?
        let processingResult: Result?
    }

    func run() async throws {
        let strict = JSONResponseDecoder()
        let lenient = JSONResponseDecoder(syntax: .lenient)
        let plain = JSONDecoder()
        let cases: [(String, (Data) throws -> Bool)] = [
            ("strict", { try strict.decodeOperation(from: $0).status.isTerminal }),
            ("lenient", { try lenient.decodeOperation(from: $0).status.isTerminal }),
            ("jsonDecoderFloor", { try plain.decode(PlainOperation.self, from: $0).status == "succeeded" }),
        ]
        var report: [String: Any] = ["documents": Self.documents.count, "perRound": count, "rounds": rounds]
        for (name, decode) in cases {
            for document in Self.documents { _ = try decode(document) }  // warm up, and prove each decodes
            var rates: [Double] = []
            for _ in 0..<rounds {
                let start = ContinuousClock.now
                var terminal = 0
                for index in 0..<count where try decode(Self.documents[index % Self.documents.count]) { terminal += 1 }
                let elapsed = start.duration(to: .now)
                rates.append(Double(count) / elapsed.seconds)
                precondition(terminal > 0)
            }
            rates.sort()
            report[name] = ["median": rates[rates.count / 2], "min": rates[0], "max": rates[rates.count - 1]]
        }
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
