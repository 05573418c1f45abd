import Foundation
import Testing

@testable import SpeakerRecognition

/// The change document exec handlers and modules read (spid_handler.h spells it out).
@Suite struct StatusChangeDocumentTests {
    let location = OperationLocation(
        string: "https://westus.api.cognitive.microsoft.com/spid/v1.0/operations/0b1b6e3c-0000-4000-8000-000000000001?x=1")!

    @Test func itsMembersAreTheHeadersOnes() throws {
        let snapshot = try SpidJSON.makeDecoder().decode(
            OperationSnapshot.self,
            from: Data(
                #"{"status":"succeeded","processingResult":{"enrollmentStatus":"Enrolled","remainingEnrollmentSpeechTime":0.0,"speechTime":31.5,"enrollmentSpeechTime":31.5}}"#
                    .utf8))
        let change = StatusChange(location: location, kind: .enrollment, previous: .running, snapshot: snapshot)
        let document = change.document(operation: "op1", event: "done")
        guard case .object(let object) = document else { Issue.record("not an object"); return }
        #expect(object.keys == ["version", "operationId", "location", "kind", "previous", "status", "snapshot", "operation", "event"])
        #expect(document["location"]?.stringValue == location.url.absoluteString)
        #expect(document["snapshot"]?["processingResult"]?["enrollmentStatus"]?.stringValue == "Enrolled")
        #expect(try StatusChange(document: document) == change)
        #expect(change.document()["operation"] == nil)
    }

    @Test func theFirstObservationHasNoPrevious() throws {
        let change = StatusChange(location: location, kind: nil, previous: nil, snapshot: OperationSnapshot(status: .notStarted))
        let document = change.document()
        #expect(document["previous"] == .null && document["kind"] == .null)
        #expect(try StatusChange(document: document) == change)
    }

    @Test func documentsThatAreNotChanges() {
        #expect(throws: SpidError.self) { try StatusChange(document: .array([])) }
        #expect(throws: SpidError.self) { try StatusChange(document: ["location": .string("ftp://x"), "snapshot": [:]]) }
        #expect(throws: SpidError.self) {
            try StatusChange(document: ["location": .string(location.url.absoluteString), "snapshot": .string("x")])
        }
        #expect(throws: SpidError.self) {
            try StatusChange(document: ["location": .string(location.url.absoluteString), "snapshot": ["nostatus": .null]])
        }
    }
}
