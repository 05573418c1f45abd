import Foundation
import SpeakerEngines
import SpeakerRecognition

/// The body of a create-profile call: `{"locale":"en-us"}` as JSON (trailing commas and the
/// docs' other slips tolerated) or `locale=en-us` form-encoded, as the compiled SDKs sent it.
enum LocaleRequest {
    static func locale(body: Data, contentType: String?, supported: Set<String>) throws(ServiceFailure) -> String {
        let type = contentType?.lowercased() ?? ""
        // The declared type first, then the other: curl -d labels JSON as a form.
        let locale =
            type.contains("x-www-form-urlencoded")
            ? formLocale(body) ?? jsonLocale(body) : jsonLocale(body) ?? formLocale(body)
        guard let locale, !locale.isEmpty else {
            throw .badRequest(
                #"The request body must give a locale, as JSON {"locale":"en-us"} or form-encoded locale=en-us."#)
        }
        guard supported.contains(locale.lowercased()) else {
            throw ServiceFailure(
                status: 400, code: "BadRequest",
                message: "Locale '\(locale)' is not supported here; use \(supported.sorted().joined(separator: " or ")).")
        }
        return locale
    }

    private static func jsonLocale(_ body: Data) -> String? {
        guard let tree = try? JSONParser(syntax: .lenient).parse(body), case .object(let object) = tree else { return nil }
        return object.members.first { $0.key.caseInsensitiveCompare("locale") == .orderedSame }?.value.stringValue
    }

    private static func formLocale(_ body: Data) -> String? {
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            func decoded(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            if decoded(parts[0]).caseInsensitiveCompare("locale") == .orderedSame { return decoded(parts[1]) }
        }
        return nil
    }
}
