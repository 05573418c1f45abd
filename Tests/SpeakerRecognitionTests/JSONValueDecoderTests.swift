import Foundation
import Testing

@testable import SpeakerRecognition

/// The tree decoder must read what `JSONDecoder` reads and fail where it fails, with the same paths.
@Suite("Decoding from the tree")
struct JSONValueDecoderTests {
    let bytesDecoder = SpidJSON.makeDecoder()
    let treeDecoder = JSONValueDecoder()

    /// Both decoders' verdicts on one document: the value, or the error as the client words it.
    func both<Value: Decodable & Equatable>(_ type: Value.Type, _ text: String) throws -> (bytes: String, tree: String) {
        func verdict(_ body: () throws -> Value) -> String {
            do { return "\(try body())" } catch let error as DecodingError {
                return JSONResponseDecoder.explain(error)
            } catch { return "\(error)" }
        }
        let tree = try JSONParser().parse(text)
        return (
            verdict { try bytesDecoder.decode(type, from: Data(text.utf8)) },
            verdict { try treeDecoder.decode(type, from: tree) }
        )
    }

    static let profiles = [
        #"{"identificationProfileId":"7bd2514a-a19d-4404-95e1-a4488681245e","enrollmentSpeechTime":193.34,"remainingEnrollmentSpeechTime":0.0,"locale":"en-us","createdDateTime":"2020-01-29T22:48:17.007Z","lastActionDateTime":"2020-01-30T23:12:55.818Z","enrollmentStatus":"Enrolled"}"#,
        #"{"identificationProfileId":"7bd2514a-a19d-4404-95e1-a4488681245e","enrollmentSpeechTime":2,"remainingEnrollmentSpeechTime":0,"locale":"en-us","createdDateTime":"2020-01-29T22:48:17Z","lastActionDateTime":"2020-01-30T23:12:55.8180883Z","enrollmentStatus":"training"}"#,
        // Each of these is wrong in one place: the message must name the same member either way.
        #"{"enrollmentSpeechTime":193.34,"remainingEnrollmentSpeechTime":0.0,"locale":"en-us","createdDateTime":"2020-01-29T22:48:17.007Z","lastActionDateTime":"2020-01-30T23:12:55.818Z","enrollmentStatus":"Enrolled"}"#,
        #"{"identificationProfileId":"7bd2514a-a19d-4404-95e1-a4488681245e","enrollmentSpeechTime":"193.34","remainingEnrollmentSpeechTime":0.0,"locale":"en-us","createdDateTime":"2020-01-29T22:48:17.007Z","lastActionDateTime":"2020-01-30T23:12:55.818Z","enrollmentStatus":"Enrolled"}"#,
        #"{"identificationProfileId":"7bd2514a-a19d-4404-95e1-a4488681245e","enrollmentSpeechTime":null,"remainingEnrollmentSpeechTime":0.0,"locale":"en-us","createdDateTime":"2020-01-29T22:48:17.007Z","lastActionDateTime":"2020-01-30T23:12:55.818Z","enrollmentStatus":"Enrolled"}"#,
        #"{"identificationProfileId":"7bd2514a-a19d-4404-95e1-a4488681245e","enrollmentSpeechTime":193.34,"remainingEnrollmentSpeechTime":0.0,"locale":"en-us","createdDateTime":"yesterday","lastActionDateTime":"2020-01-30T23:12:55.818Z","enrollmentStatus":"Enrolled"}"#,
        #"{"identificationProfileId":"not a guid","enrollmentSpeechTime":193.34,"remainingEnrollmentSpeechTime":0.0,"locale":"en-us","createdDateTime":"2020-01-29T22:48:17.007Z","lastActionDateTime":"2020-01-30T23:12:55.818Z","enrollmentStatus":"Enrolled"}"#,
        #"["identificationProfileId"]"#,
    ]

    @Test("profiles: the same values and the same errors as JSONDecoder", arguments: profiles)
    func profilesAsJSONDecoder(text: String) throws {
        let verdicts = try both(IdentificationProfile.self, text)
        #expect(verdicts.tree == verdicts.bytes)
    }

    @Test("arrays of profiles, and an element at fault named by its index")
    func arrays() throws {
        let good = "[\(Self.profiles[0]),\(Self.profiles[1])]"
        let goodVerdicts = try both([IdentificationProfile].self, good)
        #expect(goodVerdicts.tree == goodVerdicts.bytes)
        let bad = "[\(Self.profiles[0]),\(Self.profiles[3])]"
        let badVerdicts = try both([IdentificationProfile].self, bad)
        #expect(badVerdicts.tree == badVerdicts.bytes)
        #expect(badVerdicts.tree.contains("[1].enrollmentSpeechTime"))
    }

    @Test("operations: every typed field, and raw is the parsed tree itself")
    func operations() throws {
        let text =
            #"{"status":"succeeded","createdDateTime":"2016-09-23T01:34:44.226642Z","lastActionDateTime":"2016-09-23T01:34:44.4795299Z","processingResult":{"enrollmentStatus":"Enrolling","remainingEnrollmentSpeechTime":16.4,"speechTime":13.6,"enrollmentSpeechTime":13.6,"extra":[1,2.50,{"a":null}]}}"#
        let tree = try JSONParser().parse(text)
        let snapshot = try treeDecoder.decode(OperationSnapshot.self, from: tree)
        let viaBytes = try bytesDecoder.decode(OperationSnapshot.self, from: Data(text.utf8))
        #expect(snapshot.status == viaBytes.status && snapshot.processingResult == viaBytes.processingResult)
        #expect(snapshot.createdDateTime == viaBytes.createdDateTime && snapshot.lastActionDateTime == viaBytes.lastActionDateTime)
        #expect(snapshot.raw == tree)  // number literals such as 2.50 kept as written
        #expect(snapshot.enrollmentResult?.remainingEnrollmentSpeechTime == 16.4)
        #expect(snapshot.createdDateTime == WireDate.parse("2016-09-23T01:34:44.226642Z"))
        #expect(try JSONResponseDecoder().decodeOperation(from: Data(text.utf8)) == snapshot)
    }

    @Test("an unknown result shape is kept as received, in member order")
    func unknownResult() throws {
        let tree = try JSONParser().parse(#"{"status":"succeeded","processingResult":{"z":1,"a":{"b":[true,"x"]}}}"#)
        let snapshot = try treeDecoder.decode(OperationSnapshot.self, from: tree)
        #expect(snapshot.processingResult == .unknown(tree["processingResult"]!))
        if case let .unknown(raw)? = snapshot.processingResult, case let .object(object) = raw {
            #expect(object.keys == ["z", "a"])
        } else {
            Issue.record("expected an unknown result")
        }
    }

    @Test("scalars: integers exact, out of range refused, booleans and null")
    func scalars() throws {
        #expect(try treeDecoder.decode([Int].self, from: JSONParser().parse("[1, -2, 3.0]")) == [1, -2, 3])
        #expect(try treeDecoder.decode([UInt8?].self, from: JSONParser().parse("[255, null]")) == [255, nil])
        #expect(throws: DecodingError.self) { try treeDecoder.decode(UInt8.self, from: JSONParser().parse("256")) }
        #expect(throws: DecodingError.self) { try treeDecoder.decode(Int.self, from: JSONParser().parse("1.5")) }
        #expect(try treeDecoder.decode(Bool.self, from: .bool(true)))
        #expect(try treeDecoder.decode(String?.self, from: .null) == nil)
        #expect(throws: DecodingError.self) { try treeDecoder.decode(String.self, from: .null) }
    }

    @Test("lenient names: case folded to the wire's spelling, other names and near misses kept")
    func wireSpellings() throws {
        #expect(WireKeys.wireSpelling(of: "Result") == "result")
        #expect(WireKeys.wireSpelling(of: "ENROLLMENTSTATUS") == "enrollmentStatus")
        #expect(WireKeys.wireSpelling(of: "identifiedprofileid") == "identifiedProfileId")
        for kept in ["status", "st@tus", "statu", "statuses", "profilesRanking", "", "é"] {
            #expect(WireKeys.wireSpelling(of: kept) == nil, "\(kept)")
        }
        let pasted = try JSONParser(syntax: .lenient).parse(
            #"{"Status":"succeeded","ProcessingResult":{"Confidence":"high","x":[{"Code":1}]}}"#)
        #expect(
            WireKeys.normalise(pasted).jsonText()
                == #"{"status":"succeeded","processingResult":{"confidence":"high","x":[{"code":1}]}}"#)
        let valid = try JSONParser().parse(#"{"status":"running"}"#)
        #expect(WireKeys.normalise(valid) == valid)
    }

    @Test("a model built in code makes its raw document as the service would send it")
    func builtSnapshotDocument() throws {
        let result = IdentificationResult(identifiedProfileId: ProfileID("7bd2514a-a19d-4404-95e1-a4488681245e")!, confidence: .high)
        let snapshot = OperationSnapshot(
            status: .succeeded, createdDateTime: WireDate.parse("2020-01-30T23:47:59.5Z"),
            processingResult: .identification(result))
        #expect(
            snapshot.raw.jsonText()
                == #"{"status":"succeeded","createdDateTime":"2020-01-30T23:47:59.5Z","processingResult":{"identifiedProfileId":"7bd2514a-a19d-4404-95e1-a4488681245e","confidence":"High"}}"#
        )
        #expect(try treeDecoder.decode(OperationSnapshot.self, from: snapshot.raw) == snapshot)
    }
}
