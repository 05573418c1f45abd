/// Every member name the typed models read, for matching pasted documents' names ignoring case.
enum WireKeys {
    static let all = [
        "status", "createdDateTime", "lastActionDateTime", "message", "processingResult",
        "enrollmentStatus", "remainingEnrollmentSpeechTime", "speechTime", "enrollmentSpeechTime",
        "identifiedProfileId", "confidence", "identificationProfileId", "verificationProfileId", "locale",
        "enrollmentsCount", "remainingEnrollmentsCount", "remainingEnrollments", "phrase", "result", "error", "code",
    ]

    private static let byLowercase = Dictionary(uniqueKeysWithValues: all.map { ($0.lowercased(), $0) })

    /// The tree with every known member name spelled as the wire spells it (`Result` → `result`).
    static func normalise(_ value: JSONValue) -> JSONValue {
        switch value {
        case let .object(object):
            return .object(
                JSONObject(
                    object.members.map {
                        JSONObject.Member(key: byLowercase[$0.key.lowercased()] ?? $0.key, value: normalise($0.value))
                    }))
        case let .array(elements):
            return .array(elements.map(normalise))
        default:
            return value
        }
    }
}
