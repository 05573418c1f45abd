import Foundation
import Testing

@testable import SpeakerRecognition

@Suite("Model decoding")
struct ModelDecodingTests {
    let strict = JSONResponseDecoder()
    let lenient = JSONResponseDecoder(syntax: .lenient)

    func decode<T: Decodable>(_ type: T.Type, _ text: String, lenient: Bool = false) throws -> T {
        try (lenient ? self.lenient : strict).decode(type, from: Data(text.utf8))
    }

    @Test("identification profiles: docs example, new and enrolled captures")
    func identificationProfiles() throws {
        let docs = try decode(
            IdentificationProfile.self,
            """
            {
              "identificationProfileId": "111f427c-3791-468f-b709-fcef7660fff9",
              "locale": "en-US",
              "enrollmentSpeechTime": 0.0,
              "remainingEnrollmentSpeechTime": 0.0,
              "createdDateTime": "2015-04-23T18:25:43.511Z",
              "lastActionDateTime": "2015-04-23T18:25:43.511Z",
              "enrollmentStatus": "Enrolled"
            }
            """)
        #expect(docs.enrollmentStatus == .enrolled)
        #expect(docs.locale == "en-US")
        let enrolled = try decode(
            IdentificationProfile.self,
            #"{"identificationProfileId":"7bd2514a-a19d-4404-95e1-a4488681245e","enrollmentSpeechTime":193.34,"remainingEnrollmentSpeechTime":0.0,"locale":"en-us","createdDateTime":"2020-01-29T22:48:17.007Z","lastActionDateTime":"2020-01-30T23:12:55.818Z","enrollmentStatus":"Enrolled"}"#
        )
        #expect(enrolled.enrollmentSpeechTime == 193.34)
        #expect(enrolled.createdDateTime < enrolled.lastActionDateTime)
    }

    @Test("a bare array of profiles, pretty-printed with CRLF as in 2019")
    func profileList() throws {
        let text =
            "[\r\n  {\r\n    \"verificationProfileId\": \"111f427c-3791-468f-b709-fcef7660fff9\",\r\n    \"locale\": \"en-us\",\r\n    \"enrollmentsCount\": 0,\r\n    \"remainingEnrollmentsCount\": 3,\r\n    \"createdDateTime\": \"2019-05-01T10:00:00.123Z\",\r\n    \"lastActionDateTime\": \"2019-05-01T10:00:00.123Z\",\r\n    \"enrollmentStatus\": \"Enrolling\"\r\n  }\r\n]"
        let profiles = try decode([VerificationProfile].self, text)
        #expect(profiles.count == 1)
        #expect(profiles[0].remainingEnrollmentsCount == 3)
        #expect(try decode([VerificationProfile].self, "[]").isEmpty)
    }

    @Test("verification enrollment: remainingEnrollments, not remainingEnrollmentsCount")
    func verificationEnrollment() throws {
        let result = try decode(
            VerificationEnrollmentResult.self,
            #"{"enrollmentStatus":"Enrolling","enrollmentsCount":1,"remainingEnrollments":2,"phrase":"be yourself everyone else is already taken"}"#
        )
        #expect(result.remainingEnrollments == 2)
        let wrong = try #require(throws: SpidError.self) {
            try decode(
                VerificationEnrollmentResult.self,
                #"{"enrollmentStatus":"Enrolled","enrollmentsCount":3,"remainingEnrollmentsCount":0,"phrase":"x"}"#)
        }
        #expect(wrong.message.contains("\"remainingEnrollments\" is missing"))
    }

    @Test("verification result and phrases")
    func verification() throws {
        let result = try decode(
            VerificationResult.self, #"{"confidence":"High","result":"Accept","phrase":"be yourself everyone else is already taken"}"#)
        #expect(result == VerificationResult(result: .accept, confidence: .high, phrase: "be yourself everyone else is already taken"))
        let phrases = try decode(
            [VerificationPhrase].self,
            #"[{"phrase":"i am going to make him an offer he cannot refuse"},{"phrase":"houston we have had a problem"}]"#)
        #expect(phrases.map(\.phrase).last == "houston we have had a problem")
    }

    @Test("spid-server --scores: score and profilesRanking, optional both ways")
    func scores() throws {
        let a = "11111111-1111-1111-1111-111111111111", b = "22222222-2222-2222-2222-222222222222"
        let ranked = try decode(
            IdentificationResult.self,
            #"{"confidence":"High","identifiedProfileId":"\#(a)","score":0.93,"profilesRanking":[{"profileId":"\#(a)","score":0.93},{"profileId":"\#(b)","score":0.1}]}"#
        )
        #expect(ranked.score == 0.93)
        #expect(ranked.profilesRanking?.map(\.profileId.description) == [a, b])
        let plain = try decode(IdentificationResult.self, #"{"confidence":"Low","identifiedProfileId":"\#(a)"}"#)
        #expect(plain.score == nil && plain.profilesRanking == nil)
        let encoded = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!encoded.contains("score") && !encoded.contains("profilesRanking"), "a v1.0 result encodes as v1.0")
        let verified = try decode(VerificationResult.self, #"{"confidence":"Normal","result":"Accept","phrase":"p","score":0.71}"#)
        #expect(verified.score == 0.71)
    }

    // MARK: The docs' invalid JSON (docs/wire-reference.md §3), leniently

    @Test("Q1: ',' for ':' and a missing comma after a number")
    func q1() throws {
        let profile = try decode(
            IdentificationProfile.self,
            """
            {
              "identificationProfileId" : "111f427c-3791-468f-b709-fcef7660fff9",
              "locale" : "en-us",
              "enrollmentSpeechTime", 0.0
              "remainingEnrollmentSpeechTime" : 0.0,
              "createdDateTime" : "2015-04-23T18:25:43.511Z",
              "lastActionDateTime" : "2015-04-23T18:25:43.511Z",
              "enrollmentStatus" : "Enrolled"
            }
            """, lenient: true)
        #expect(profile.enrollmentSpeechTime == 0)
        #expect(profile.remainingEnrollmentSpeechTime == 0)
    }

    @Test("Q2 and Q6: comments and a '…' pseudo-element in Get All")
    func q2() throws {
        let profiles = try decode(
            [IdentificationProfile].self,
            """
            [{
              "identificationProfileId" : "111f427c-3791-468f-b709-fcef7660fff9",
              "locale" : "en-us",
              "enrollmentSpeechTime" : 0.0,\u{20}\u{20}
              "remainingEnrollmentSpeechTime" : 0.0,\u{20}
              "createdDateTime" : "2015-04-23T18:25:43.511Z",
              "lastActionDateTime" : "2015-04-23T18:25:43.511Z",
              "enrollmentStatus" : "Enrolled" //[Enrolled | Enrolling | Training]
            }, …]
            """, lenient: true)
        #expect(profiles.count == 1)
        #expect(profiles[0].enrollmentStatus == .enrolled)
    }

    @Test("Q3: the documented 500 with a trailing comma")
    func q3() throws {
        let body = try decode(
            ServiceErrorBody.self, #"{ "error":{ "code" : "InternalServerError", "message" : "SpeakerInvalid", } }"#, lenient: true)
        #expect(body.error == .init(code: "InternalServerError", message: "SpeakerInvalid"))
    }

    @Test("Q4: trailing commas in create-profile request and response")
    func q4() throws {
        #expect(try decode(LocaleBody.self, #"{ "locale":"en-us", }"#, lenient: true).locale == "en-us")
        #expect(
            try decode(
                CreatedVerificationProfile.self, #"{ "verificationProfileId": "49a36324-fc4b-4387-aa06-090cfbf0064f", }"#, lenient: true
            ).verificationProfileId == ProfileID("49a36324-fc4b-4387-aa06-090cfbf0064f"))
    }

    @Test("Q5: line comments after values")
    func q5() throws {
        let result = try decode(
            VerificationResult.self,
            """
            {
              "result" : "Accept", // [Accept | Reject]
              "confidence" : "Normal", // [Low | Normal | High]
              "phrase": "recognized phrase"
            }
            """, lenient: true)
        #expect(result.result == .accept)
        #expect(result.confidence == .normal)
    }

    @Test("Q7: Case 4 with newline-separated members and no commas")
    func q7() throws {
        let snapshot = try lenient.decodeOperation(
            from: Data(
                "{ \"status\": \"failed\", \"createdDateTime\": \"2015-09-30T01:28:23Z\" \"lastActionDateTime\": \"2015-09-30T01:35:23Z\" \"message\": \"Some failure info\" }"
                    .utf8))
        #expect(snapshot.message == "Some failure info")
    }

    @Test("Q8 and Q11: member names in other casing")
    func q11() throws {
        let result = try decode(VerificationResult.self, #"{"Result":"Accept","Confidence":"Normal","Phrase":"x",}"#, lenient: true)
        #expect(result.result == .accept)
        let snapshot = try lenient.decodeOperation(
            from: Data(
                #"{"Status":"succeeded","ProcessingResult":{"EnrollmentStatus":"enrolling","remainingEnrollmentSpeechTime":1,"speechTime":2,"enrollmentSpeechTime":3}}"#
                    .utf8))
        #expect(snapshot.enrollmentResult?.enrollmentStatus == .enrolling)
    }

    @Test("Q9: upper-case GUIDs")
    func q9() throws {
        #expect(OperationID("EF217D0C-9085-45D7-AAE0-2B36471B89B5") == TestValues.operation)
        #expect(
            OperationLocation(string: "https://api.projectoxford.ai/spid/v1.0/operations/EF217D0C-9085-45D7-AAE0-2B36471B89B5")?.operationId
                == TestValues.operation)
    }

    @Test("strict stays strict: the same quirks fail on the wire")
    func strictRefusesQuirks() {
        #expect(throws: SpidError.self) { try decode(VerificationResult.self, #"{"result":"Accept","confidence":"Normal","phrase":"x",}"#) }
        #expect(throws: SpidError.self) { try decode(VerificationResult.self, #"{"Result":"Accept","Confidence":"Normal","Phrase":"x"}"#) }
    }

    @Test("identifiers: parse ignoring case, print lowercase, refuse non-GUIDs")
    func identifiers() {
        #expect(ProfileID("111F427C-3791-468F-B709-FCEF7660FFF9")?.description == "111f427c-3791-468f-b709-fcef7660fff9")
        #expect(ProfileID("111f427c3791468fb709fcef7660fff9") == nil)
        #expect(ProfileID("{111f427c-3791-468f-b709-fcef7660fff9}") == nil)
        #expect(ProfileID.zero.description == "00000000-0000-0000-0000-000000000000")
        #expect(ProfileID.zero.isZero)
    }
}
