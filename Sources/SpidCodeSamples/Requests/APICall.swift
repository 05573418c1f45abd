import SpeakerRecognition

/// One of the API's 16 requests with its parameters: what a code sample sends.
///
/// Ids are kept as text so that a sample can show a placeholder such as `{operationId}` as the
/// service's own page did; a real GUID is written as it was given.
public enum APICall: Sendable, Hashable {
    /// `POST /identificationProfiles` or `/verificationProfiles` with `{"locale": …}`.
    case createProfile(ProfileKind, locale: String)
    /// `GET /…Profiles/{id}`.
    case profile(ProfileKind, id: String)
    /// `GET /…Profiles`.
    case profiles(ProfileKind)
    /// `DELETE /…Profiles/{id}`.
    case deleteProfile(ProfileKind, id: String)
    /// `POST /…Profiles/{id}/reset`.
    case resetProfile(ProfileKind, id: String)
    /// `POST /…Profiles/{id}/enroll` with WAV audio; `shortAudio` only for identification.
    case enroll(ProfileKind, id: String, shortAudio: Bool)
    /// `POST /identify?identificationProfileIds=…&shortAudio=…` with WAV audio.
    case identify(candidates: [String], shortAudio: Bool)
    /// `POST /verify?verificationProfileId=…` with WAV audio.
    case verify(profile: String)
    /// `GET /verificationPhrases?locale=…`.
    case verificationPhrases(locale: String)
    /// `GET /operations/{id}`.
    case operationStatus(id: String)

    /// The two kinds of profile, which share five of their endpoints' shapes.
    public enum ProfileKind: String, Sendable, Hashable, CaseIterable {
        case identification, verification

        /// The path segment of the kind's profiles: `identificationProfiles`.
        public var collection: String { rawValue + "Profiles" }
    }

    /// The HTTP method.
    public var method: String {
        switch self {
        case .profile, .profiles, .verificationPhrases, .operationStatus: "GET"
        case .deleteProfile: "DELETE"
        case .createProfile, .resetProfile, .enroll, .identify, .verify: "POST"
        }
    }

    /// The path under `/spid/v1.0`, starting with `/`.
    public var path: String {
        switch self {
        case .createProfile(let kind, _), .profiles(let kind): "/\(kind.collection)"
        case .profile(let kind, let id), .deleteProfile(let kind, let id): "/\(kind.collection)/\(id)"
        case .resetProfile(let kind, let id): "/\(kind.collection)/\(id)/reset"
        case .enroll(let kind, let id, _): "/\(kind.collection)/\(id)/enroll"
        case .identify: "/identify"
        case .verify: "/verify"
        case .verificationPhrases: "/verificationPhrases"
        case .operationStatus(let id): "/operations/\(id)"
        }
    }

    /// The query items, in the order the service's clients sent them.
    public var query: [(name: String, value: String)] {
        switch self {
        case .enroll(.identification, _, let shortAudio): [("shortAudio", shortAudio ? "true" : "false")]
        case .identify(let candidates, let shortAudio):
            [("identificationProfileIds", candidates.joined(separator: ",")), ("shortAudio", shortAudio ? "true" : "false")]
        case .verify(let profile): [("verificationProfileId", profile)]
        case .verificationPhrases(let locale): [("locale", locale)]
        default: []
        }
    }

    /// What the request carries.
    public var body: Body {
        switch self {
        case .createProfile(_, let locale): .json(#"{"locale":"# + JSONValue.string(locale).jsonText() + "}")
        case .enroll, .identify, .verify: .audio
        default: .none
        }
    }

    /// A request's body: nothing, a JSON text, or a WAV file sent raw.
    public enum Body: Sendable, Hashable {
        case none
        case json(String)
        case audio

        /// The `Content-Type` the service expects, if there is a body.
        public var contentType: String? {
            switch self {
            case .none: nil
            case .json: "application/json"
            case .audio: "application/octet-stream"
            }
        }
    }

    /// The endpoint's template as the reference names it, e.g. `POST /identificationProfiles/{identificationProfileId}/enroll`.
    public var template: String {
        let path: String =
            switch self {
            case .profile(let kind, _), .deleteProfile(let kind, _): "/\(kind.collection)/{\(kind.rawValue)ProfileId}"
            case .resetProfile(let kind, _): "/\(kind.collection)/{\(kind.rawValue)ProfileId}/reset"
            case .enroll(let kind, _, _): "/\(kind.collection)/{\(kind.rawValue)ProfileId}/enroll"
            case .operationStatus: "/operations/{operationId}"
            default: self.path
            }
        return "\(method) \(path)"
    }
}
