import Foundation
import Testing

@testable import SpeakerRecognition

@Suite("Operation decoding")
struct OperationDecodingTests {
    let strict = JSONResponseDecoder()
    let lenient = JSONResponseDecoder(syntax: .lenient)

    func decode(_ text: String, _ decoder: JSONResponseDecoder? = nil) throws -> OperationSnapshot {
        try (decoder ?? strict).decodeOperation(from: Data(text.utf8))
    }

    // MARK: The seed page, verbatim

    @Test("seed Case 1 (valid JSON) decodes strictly")
    func seedCase1() throws {
        let snapshot = try strict.decodeOperation(from: Fixture.data("seed-case1-notstarted.json"))
        #expect(snapshot.status == .notStarted)
        #expect(snapshot.createdDateTime == WireDate.parse("2015-09-30T01:28:23Z"))
        #expect(snapshot.lastActionDateTime == WireDate.parse("2015-09-30T01:29:23Z"))
        #expect(snapshot.processingResult == nil)
    }

    @Test(
        "seed cases with invalid JSON fail strictly with a decoding error",
        arguments: [
            "seed-case3-running.json", "seed-case4-failed.json", "seed-case5.1-enrollment.json",
            "seed-case5.2.1-identified.json", "seed-case5.2.2-nobody.json",
        ])
    func seedStrictFails(_ name: String) throws {
        let body = try Fixture.data(name)
        let error = try #require(throws: SpidError.self) { try strict.decodeOperation(from: body) }
        #expect(error.stage == .decoding)
        #expect(error.message.contains("line"))
        #expect(error.bodySnippet?.isEmpty == false)
    }

    @Test("every seed case decodes leniently, as JSON or with its HTTP lines", arguments: ["json", "http"])
    func seedLenient(_ fileExtension: String) throws {
        func load(_ name: String) throws -> OperationSnapshot {
            try lenient.decodeOperation(from: Fixture.data("\(name).\(fileExtension)"))
        }
        #expect(try load("seed-case1-notstarted").status == .notStarted)
        #expect(try load("seed-case3-running").status == .running)
        let failed = try load("seed-case4-failed")
        #expect(failed.status == .failed)
        #expect(failed.message == "Some failure info")
        #expect(failed.lastActionDateTime == WireDate.parse("2015-09-30T01:35:23Z"))
        #expect(
            failed.raw.jsonText()
                == #"{"status":"failed","createdDateTime":"2015-09-30T01:28:23Z","lastActionDateTime":"2015-09-30T01:35:23Z","message":"Some failure info"}"#
        )
        let enrolled = try #require(try load("seed-case5.1-enrollment").enrollmentResult)
        #expect(
            enrolled
                == IdentificationEnrollmentResult(
                    enrollmentStatus: .enrolled, remainingEnrollmentSpeechTime: 0, speechTime: 0, enrollmentSpeechTime: 0))
        let identified = try #require(try load("seed-case5.2.1-identified").identificationResult)
        #expect(identified.identifiedProfile == ProfileID("111f427c-3791-468f-b709-fcef7660fff9"))
        #expect(identified.confidence == .normal)
        let nobody = try #require(try load("seed-case5.2.2-nobody").identificationResult)
        #expect(nobody.identifiedProfileId == .zero)
        #expect(nobody.identifiedProfile == nil)
    }

    @Test("the seed's 404 body decodes leniently as the error envelope")
    func seed404() throws {
        let body = try lenient.decode(ServiceErrorBody.self, from: Fixture.data("seed-404.json"))
        #expect(body.error == .init(code: "NotFound", message: "No operation id found"))
    }

    // MARK: Real captures (docs/wire-reference.md §2.7)

    @Test("real identification capture, 7 fractional digits")
    func realIdentification() throws {
        let snapshot = try decode(
            #"{"status":"succeeded","createdDateTime":"2020-01-30T23:47:59.8780883Z","lastActionDateTime":"2020-01-30T23:48:01.9999543Z","processingResult":{"confidence":"High","identifiedProfileId":"7bd2514a-a19d-4404-95e1-a4488681245e"}}"#
        )
        #expect(
            snapshot.identificationResult
                == IdentificationResult(identifiedProfileId: ProfileID("7bd2514a-a19d-4404-95e1-a4488681245e")!, confidence: .high))
        // A Date holds about 1e-7 s here; the tree keeps the exact text.
        let created = try #require(snapshot.createdDateTime)
        #expect(abs(created.timeIntervalSinceReferenceDate - (602_120_879 + 0.8780883)) < 2e-7)
        #expect(snapshot.raw["createdDateTime"] == .string("2020-01-30T23:47:59.8780883Z"))
        #expect(try snapshot.raw.value(at: "processingResult.confidence") == .string("High"))
        guard case let .object(result)? = snapshot.raw["processingResult"] else { Issue.record("no result"); return }
        #expect(result.keys == ["confidence", "identifiedProfileId"])
    }

    @Test("real enrollment capture, 6 fractional digits")
    func realEnrollment() throws {
        let snapshot = try decode(
            #"{"status":"succeeded","createdDateTime":"2016-09-23T01:34:44.226642Z","lastActionDateTime":"2016-09-23T01:34:44.4795299Z","processingResult":{"enrollmentStatus":"Enrolling","remainingEnrollmentSpeechTime":16.4,"speechTime":13.6,"enrollmentSpeechTime":13.6}}"#
        )
        #expect(
            snapshot.enrollmentResult
                == IdentificationEnrollmentResult(
                    enrollmentStatus: .enrolling, remainingEnrollmentSpeechTime: 16.4, speechTime: 13.6, enrollmentSpeechTime: 13.6))
        #expect(snapshot.processingResult?.kind == .enrollment)
    }

    @Test("real failed capture")
    func realFailed() throws {
        let snapshot = try decode(
            #"{"status":"failed","createdDateTime":"2018-06-07T03:06:29.6295621Z","lastActionDateTime":"2018-06-07T03:06:30.3930258Z","message":"IncompleteEnrollment"}"#
        )
        #expect(snapshot.status == .failed)
        #expect(snapshot.status.isTerminal)
        #expect(snapshot.message == "IncompleteEnrollment")
    }

    // MARK: Statuses, shapes and bad input

    @Test(
        "statuses decode ignoring case; unknown ones are kept",
        arguments: [
            ("notstarted", OperationStatus.notStarted), ("NotStarted", .notStarted), ("RUNNING", .running),
            ("Succeeded", .succeeded), ("failed", .failed), ("Canceled", .unknown("Canceled")), ("", .unknown("")),
        ])
    func statuses(_ wire: String, _ expected: OperationStatus) throws {
        let snapshot = try decode(#"{"status":"\#(wire)"}"#)
        #expect(snapshot.status == expected)
        #expect(snapshot.status.isKnown == (expected.unknownWire == nil))
        #expect(snapshot.status.isTerminal == (expected == .succeeded || expected == .failed))
    }

    @Test("an unknown status writes back as received")
    func unknownStatusText() {
        #expect(OperationStatus(wire: "Canceled").description == "Canceled")
        #expect(OperationStatus(wire: "NOTSTARTED").description == "notstarted")
    }

    @Test("unknown result shapes are kept raw, in order")
    func unknownShape() throws {
        let snapshot = try decode(#"{"status":"succeeded","processingResult":{"score":0.63,"recognitionResult":"accept"}}"#)
        guard case let .unknown(raw)? = snapshot.processingResult else { Issue.record("not unknown"); return }
        #expect(raw.jsonText() == #"{"score":0.63,"recognitionResult":"accept"}"#)
        let oddConfidence = try decode(
            #"{"status":"succeeded","processingResult":{"identifiedProfileId":"not-a-guid","confidence":"High"}}"#)
        guard case .unknown? = oddConfidence.processingResult else { Issue.record("should be unknown"); return }
    }

    @Test("processingResult null or absent reads as none")
    func nullResult() throws {
        #expect(try decode(#"{"status":"running","processingResult":null}"#).processingResult == nil)
        #expect(try decode(#"{"status":"running"}"#).processingResult == nil)
    }

    @Test("new confidence and enrollment values are kept")
    func unknownEnums() throws {
        let snapshot = try decode(
            #"{"status":"succeeded","processingResult":{"identifiedProfileId":"111F427C-3791-468F-B709-FCEF7660FFF9","confidence":"VeryHigh"}}"#
        )
        #expect(snapshot.identificationResult?.confidence == .unknown("VeryHigh"))
        #expect(snapshot.identificationResult?.identifiedProfileId.description == "111f427c-3791-468f-b709-fcef7660fff9")
    }

    @Test(
        "bad documents give a clear decoding error",
        arguments: [
            ("{\"status\":", "not valid JSON"),
            (#"{"createdDateTime":"2015-09-30T01:28:23Z"}"#, "no \"status\""),
            (#"{"status":null}"#, "\"status\" is null"),
            (#"{"status":3}"#, "\"status\""),
            ("<html><body>502 Bad Gateway</body></html>", "not valid JSON"),
            ("[]", "JSON object"),
            ("", "empty"),
            (#"{"status":"running","createdDateTime":"30/09/2015"}"#, "createdDateTime"),
        ])
    func badDocuments(_ text: String, _ fragment: String) throws {
        let error = try #require(throws: SpidError.self) { try decode(text) }
        #expect(error.stage == .decoding)
        #expect(error.message.contains(fragment), "\(error.message)")
    }

    @Test("a snapshot encodes back to the wire form")
    func encodes() throws {
        let snapshot = try decode(
            #"{"status":"succeeded","createdDateTime":"2016-09-23T01:34:44.226642Z","lastActionDateTime":"2016-09-23T01:34:44.4795299Z","processingResult":{"identifiedProfileId":"00000000-0000-0000-0000-000000000000","confidence":"Low"}}"#
        )
        let again = try decode(String(decoding: SpidJSON.makeEncoder().encode(snapshot), as: UTF8.self))
        #expect(again.status == snapshot.status)
        #expect(again.processingResult == snapshot.processingResult)
        #expect(again.lastActionDateTime == snapshot.lastActionDateTime)
        let built = OperationSnapshot(status: .running)
        #expect(built.raw == .object(JSONObject(["status": .string("running")])))
    }
}
