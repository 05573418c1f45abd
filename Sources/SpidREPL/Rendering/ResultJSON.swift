import Foundation
import SpeakerRecognition

/// The API's results as JSON trees with the wire's member names and date format, for `show`
/// trees and `--json` output.
enum ResultJSON {
    static func profile(_ profile: IdentificationProfile) -> JSONValue {
        [
            "identificationProfileId": .string(profile.identificationProfileId.description),
            "locale": .string(profile.locale),
            "enrollmentSpeechTime": .number(JSONNumber(profile.enrollmentSpeechTime)),
            "remainingEnrollmentSpeechTime": .number(JSONNumber(profile.remainingEnrollmentSpeechTime)),
            "createdDateTime": .string(WireDate.format(profile.createdDateTime)),
            "lastActionDateTime": .string(WireDate.format(profile.lastActionDateTime)),
            "enrollmentStatus": .string(profile.enrollmentStatus.wireValue),
        ]
    }

    static func profile(_ profile: VerificationProfile) -> JSONValue {
        [
            "verificationProfileId": .string(profile.verificationProfileId.description),
            "locale": .string(profile.locale),
            "enrollmentsCount": .number(JSONNumber(profile.enrollmentsCount)),
            "remainingEnrollmentsCount": .number(JSONNumber(profile.remainingEnrollmentsCount)),
            "createdDateTime": .string(WireDate.format(profile.createdDateTime)),
            "lastActionDateTime": .string(WireDate.format(profile.lastActionDateTime)),
            "enrollmentStatus": .string(profile.enrollmentStatus.wireValue),
        ]
    }

    static func verification(_ result: VerificationResult) -> JSONValue {
        var object: JSONObject = [
            "result": .string(result.result.wireValue), "confidence": .string(result.confidence.wireValue),
            "phrase": .string(result.phrase),
        ]
        if let score = result.score { object["score"] = .number(JSONNumber(score)) }
        return .object(object)
    }

    static func verificationEnrollment(_ result: VerificationEnrollmentResult) -> JSONValue {
        [
            "enrollmentStatus": .string(result.enrollmentStatus.wireValue),
            "enrollmentsCount": .number(JSONNumber(result.enrollmentsCount)),
            "remainingEnrollments": .number(JSONNumber(result.remainingEnrollments)),
            "phrase": .string(result.phrase),
        ]
    }

    /// An entry of `ops --json`: the session's name and facts, and the last document seen.
    static func operation(_ operation: TrackedOperation) -> JSONValue {
        var object: JSONObject = [
            "name": .string(operation.name),
            "kind": operation.kind.map { .string($0.rawValue) } ?? .null,
            "status": operation.status.map { .string($0.wireValue) } ?? .null,
            "operationId": operation.location?.operationId.map { .string($0.description) } ?? .null,
            "location": operation.location.map { .string($0.url.absoluteString) } ?? .null,
            "origin": .string(operation.origin),
        ]
        if let failure = operation.failure { object.members.append(.init(key: "watchError", value: .string(failure))) }
        object.members.append(.init(key: "document", value: operation.snapshot?.raw ?? .null))
        return .object(object)
    }
}
