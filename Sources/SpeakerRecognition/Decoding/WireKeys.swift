/// Every member name the typed models read, for matching pasted documents' names ignoring case.
enum WireKeys {
    static let all = [
        "status", "createdDateTime", "lastActionDateTime", "message", "processingResult",
        "enrollmentStatus", "remainingEnrollmentSpeechTime", "speechTime", "enrollmentSpeechTime",
        "identifiedProfileId", "confidence", "identificationProfileId", "verificationProfileId", "locale",
        "enrollmentsCount", "remainingEnrollmentsCount", "remainingEnrollments", "phrase", "result", "error", "code",
        "score", "profilesRanking", "profileId",
    ]

    /// The known names by their length in bytes: a name is compared only with the few of its length.
    private static let byLength: [[String]] = {
        var table = [[String]](repeating: [], count: (all.map(\.utf8.count).max() ?? 0) + 1)
        for name in all { table[name.utf8.count].append(name) }
        return table
    }()

    /// The wire's spelling of `key` when it differs only in case; `nil` when it is right or unknown.
    static func wireSpelling(of key: String) -> String? {
        let length = key.utf8.count
        guard length < byLength.count else { return nil }
        for known in byLength[length] {
            if key == known { return nil }
            // Known names are ASCII letters, so `| 0x20` folds case exactly where it matters:
            // a byte matches a letter ignoring case only when it is that letter.
            if key.utf8.elementsEqual(known.utf8, by: { $0 | 0x20 == $1 | 0x20 }) { return known }
        }
        return nil
    }

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
                let key = wireSpelling(of: member.key)
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
