import Foundation
import SpeakerRecognition

extension APICall {
    /// Reads a request back into its call: the method, the path under `/spid/v1.0` (or a whole
    /// URL's path) and its query. Throws ``SampleError`` naming what is not one of the 16 requests.
    public init(method: String, path: String, query: [(name: String, value: String)] = []) throws(SampleError) {
        let method = method.uppercased()
        var path = path
        if let range = path.range(of: ServiceEndpoint.apiPath, options: [.caseInsensitive, .anchored]) {
            path.removeSubrange(range)
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { Self.decoded(String($0)) }
        guard path.hasPrefix("/"), !segments.contains(where: \.isEmpty) else {
            throw SampleError("\(method) \(path) is not a request of the API: the path must be one of the 16 endpoints under /spid/v1.0")
        }
        func value(_ name: String) -> String? {
            query.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        func flag(_ name: String) -> Bool { value(name)?.lowercased() == "true" }
        let kind = segments.first.flatMap { first in ProfileKind.allCases.first { $0.collection.lowercased() == first.lowercased() } }

        switch (method, segments.count, kind) {
        case ("POST", 1, let kind?): self = .createProfile(kind, locale: value("locale") ?? "en-us")
        case ("GET", 1, let kind?): self = .profiles(kind)
        case ("GET", 2, let kind?): self = .profile(kind, id: segments[1])
        case ("DELETE", 2, let kind?): self = .deleteProfile(kind, id: segments[1])
        case ("POST", 3, let kind?) where segments[2].lowercased() == "reset": self = .resetProfile(kind, id: segments[1])
        case ("POST", 3, let kind?) where segments[2].lowercased() == "enroll":
            self = .enroll(kind, id: segments[1], shortAudio: kind == .identification && flag("shortAudio"))
        case ("POST", 1, nil) where segments[0].lowercased() == "identify":
            let candidates = (value("identificationProfileIds") ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            self = .identify(candidates: candidates.filter { !$0.isEmpty }, shortAudio: flag("shortAudio"))
        case ("POST", 1, nil) where segments[0].lowercased() == "verify":
            self = .verify(profile: value("verificationProfileId") ?? "{verificationProfileId}")
        case ("GET", 1, nil) where segments[0].lowercased() == "verificationphrases":
            self = .verificationPhrases(locale: value("locale") ?? "en-us")
        case ("GET", 2, nil) where segments[0].lowercased() == "operations": self = .operationStatus(id: segments[1])
        default:
            throw SampleError(
                "\(method) \(path) is not a request of the API; the 16 are the profile requests, /identify, /verify, /verificationPhrases and /operations/{operationId}"
            )
        }
    }

    /// Reads a whole URL (`https://westus.api.cognitive.microsoft.com/spid/v1.0/operations/…`):
    /// its endpoint and its call.
    public static func parse(method: String, url text: String) throws(SampleError) -> (endpoint: ServiceEndpoint, call: APICall) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let range = components.percentEncodedPath.range(of: ServiceEndpoint.apiPath, options: .caseInsensitive)
        else {
            throw SampleError(
                "\(text.prefix(200)) is not a URL of the API: it must hold /spid/v1.0, as https://westus.api.cognitive.microsoft.com/spid/v1.0/identificationProfiles does"
            )
        }
        var base = components
        base.percentEncodedPath = String(components.percentEncodedPath[..<range.upperBound])
        base.percentEncodedQuery = nil
        base.fragment = nil
        let endpoint: ServiceEndpoint
        do {
            endpoint = try ServiceEndpoint(base.string ?? "")
        } catch {
            throw SampleError(error.message)
        }
        let query = (components.queryItems ?? []).map { (name: $0.name, value: $0.value ?? "") }
        let call = try APICall(method: method, path: String(components.percentEncodedPath[range.lowerBound...]), query: query)
        return (endpoint, call)
    }

    /// Reads a whole URL and the body typed for it: a profile's locale comes from the JSON body
    /// (`{"locale": "zh-cn"}`), as the service reads it.
    public static func parse(method: String, url: String, body: String?) throws(SampleError) -> (endpoint: ServiceEndpoint, call: APICall) {
        let (endpoint, call) = try parse(method: method, url: url)
        guard case .createProfile(let kind, _) = call, let body, !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return (endpoint, call)
        }
        let value: JSONValue
        do {
            value = try JSONParser().parse(body)
        } catch {
            throw SampleError("the body is not JSON (\(error.description)); a profile is created with {\"locale\": \"en-us\"}")
        }
        guard let locale = value["locale"]?.stringValue else {
            throw SampleError("the body has no \"locale\" string; a profile is created with {\"locale\": \"en-us\"}")
        }
        return (endpoint, .createProfile(kind, locale: locale))
    }

    private static func decoded(_ segment: String) -> String { segment.removingPercentEncoding ?? segment }
}
