/// Every member name the typed models read, for matching pasted documents' names ignoring case.
enum WireKeys {
    static let all = [
        "status", "createdDateTime", "lastActionDateTime", "message", "processingResult",
        "enrollmentStatus", "remainingEnrollmentSpeechTime", "speechTime", "enrollmentSpeechTime",
        "identifiedProfileId", "confidence", "identificationProfileId", "verificationProfileId", "locale",
        "enrollmentsCount", "remainingEnrollmentsCount", "remainingEnrollments", "phrase", "result", "error", "code",
    ]

    private static let exact = Set(all)
    private static let byLowercase = Dictionary(uniqueKeysWithValues: all.map { ($0.lowercased(), $0) })

    /// The tree with every known member name spelled as the wire spells it (`Result` → `result`).
    static func normalise(_ value: JSONValue) -> JSONValue {
        normalised(value) ?? value
    }

    /// The normalised tree, or `nil` when nothing needed changing: valid documents are not rebuilt.
    private static func normalised(_ value: JSONValue) -> JSONValue? {
        switch value {
        case let .object(object):
            var members: [JSONObject.Member]?
            for (index, member) in object.members.enumerated() {
                let key = exact.contains(member.key) ? nil : byLowercase[member.key.lowercased()]
                let inner = normalised(member.value)
                guard key != nil || inner != nil else { continue }
                if members == nil { members = object.members }
                members![index] = JSONObject.Member(key: key ?? member.key, value: inner ?? member.value)
            }
            return members.map { .object(JSONObject($0)) }
        case let .array(elements):
            var changed: [JSONValue]?
            for (index, element) in elements.enumerated() {
                guard let inner = normalised(element) else { continue }
                if changed == nil { changed = elements }
                changed![index] = inner
            }
            return changed.map(JSONValue.array)
        default:
            return nil
        }
    }
}
