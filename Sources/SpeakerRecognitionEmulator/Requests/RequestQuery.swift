import Foundation
import SpeakerEngines
import SpeakerRecognition

/// The query of a request, percent-decoded (`%2C` is a comma); names compared ignoring case.
struct RequestQuery: Sendable {
    private var items: [(name: String, value: String)]

    init(_ url: URL) {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        items = (components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }

    func value(_ name: String) -> String? {
        items.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// `shortAudio`: `true`/`True`/`false`/`False` (any case) as .NET, Python and Java wrote it;
    /// absent is `false`.
    func shortAudio() throws(ServiceFailure) -> Bool {
        guard let text = value("shortAudio") else { return false }
        switch text.lowercased() {
        case "true": return true
        case "false", "": return false
        default:
            throw .badRequest("Invalid value '\(text)' for shortAudio; use true or false.")
        }
    }

    /// A required profile id parameter.
    func profileID(_ name: String) throws(ServiceFailure) -> ProfileID {
        guard let text = value(name), !text.isEmpty else {
            throw .badRequest("The query parameter \(name) is required: the id of the profile to use.")
        }
        return try ProfileID.parse(text)
    }

    /// `identificationProfileIds`: comma-separated, 1 to `limit` distinct ids (empty items ignored).
    func profileIDs(_ name: String, limit: Int) throws(ServiceFailure) -> [ProfileID] {
        let texts = (value(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !texts.isEmpty else {
            throw .badRequest(
                "The query parameter \(name) is required: a comma-separated list of 1 to \(limit) profile ids.")
        }
        var ids: [ProfileID] = []
        for text in texts {
            let id = try ProfileID.parse(text)
            if !ids.contains(id) { ids.append(id) }
        }
        guard ids.count <= limit else {
            throw .badRequest(
                "Too many profiles: \(ids.count) ids were given; identification takes at most \(limit) per request.")
        }
        return ids
    }
}

extension ProfileID {
    /// Parses an id as the service did, with its error for anything but 8-4-4-4-12 hex digits.
    static func parse(_ text: String) throws(ServiceFailure) -> ProfileID {
        guard let id = ProfileID(text) else { throw .malformedID }
        return id
    }
}
