import Foundation
import SpeakerEngines
import SpeakerRecognition

/// One of the API's 16 endpoints, read from a method and a path.
enum Route: Sendable, Equatable {
    case createIdentificationProfile
    case identificationProfiles
    case identificationProfile(String)
    case deleteIdentificationProfile(String)
    case resetIdentificationProfile(String)
    case enrollIdentificationProfile(String)
    case identify
    case operation(String)
    case createVerificationProfile
    case verificationProfiles
    case verificationProfile(String)
    case deleteVerificationProfile(String)
    case resetVerificationProfile(String)
    case enrollVerificationProfile(String)
    case verify
    case verificationPhrases

    /// Whether the request carries audio (enroll, identify, verify).
    var takesAudio: Bool {
        switch self {
        case .enrollIdentificationProfile, .identify, .enrollVerificationProfile, .verify: true
        default: false
        }
    }

    /// The endpoint as method and path template, ids as `{id}`.
    var template: String {
        switch self {
        case .createIdentificationProfile: "POST /identificationProfiles"
        case .identificationProfiles: "GET /identificationProfiles"
        case .identificationProfile: "GET /identificationProfiles/{id}"
        case .deleteIdentificationProfile: "DELETE /identificationProfiles/{id}"
        case .resetIdentificationProfile: "POST /identificationProfiles/{id}/reset"
        case .enrollIdentificationProfile: "POST /identificationProfiles/{id}/enroll"
        case .identify: "POST /identify"
        case .operation: "GET /operations/{id}"
        case .createVerificationProfile: "POST /verificationProfiles"
        case .verificationProfiles: "GET /verificationProfiles"
        case .verificationProfile: "GET /verificationProfiles/{id}"
        case .deleteVerificationProfile: "DELETE /verificationProfiles/{id}"
        case .resetVerificationProfile: "POST /verificationProfiles/{id}/reset"
        case .enrollVerificationProfile: "POST /verificationProfiles/{id}/enroll"
        case .verify: "POST /verify"
        case .verificationPhrases: "GET /verificationPhrases"
        }
    }

    /// The route for `method` on `segments` (the path after `/spid/v1.0`, split on `/`, empty
    /// segments dropped). Path words are matched ignoring case; ids are returned as sent.
    /// Throws 404 for an unknown path and 405 for a known path with another method.
    static func match(method: String, segments: [String]) throws(ServiceFailure) -> Route {
        let words = segments.map { $0.lowercased() }
        let method = method.uppercased()
        func allow(_ routes: [String: Route]) throws(ServiceFailure) -> Route {
            if let route = routes[method] { return route }
            throw ServiceFailure(
                status: 405, code: "MethodNotAllowed",
                message: "The method \(method) is not allowed here; use \(routes.keys.sorted().joined(separator: " or ")).",
                headers: [("Allow", routes.keys.sorted().joined(separator: ", "))])
        }
        switch words.count {
        case 1:
            switch words[0] {
            case "identificationprofiles":
                return try allow(["POST": .createIdentificationProfile, "GET": .identificationProfiles])
            case "verificationprofiles":
                return try allow(["POST": .createVerificationProfile, "GET": .verificationProfiles])
            case "identify": return try allow(["POST": .identify])
            case "verify": return try allow(["POST": .verify])
            case "verificationphrases": return try allow(["GET": .verificationPhrases])
            default: break
            }
        case 2:
            let id = segments[1]
            switch words[0] {
            case "identificationprofiles":
                return try allow(["GET": .identificationProfile(id), "DELETE": .deleteIdentificationProfile(id)])
            case "verificationprofiles":
                return try allow(["GET": .verificationProfile(id), "DELETE": .deleteVerificationProfile(id)])
            case "operations": return try allow(["GET": .operation(id)])
            default: break
            }
        case 3:
            let id = segments[1]
            switch (words[0], words[2]) {
            case ("identificationprofiles", "reset"): return try allow(["POST": .resetIdentificationProfile(id)])
            case ("identificationprofiles", "enroll"): return try allow(["POST": .enrollIdentificationProfile(id)])
            case ("verificationprofiles", "reset"): return try allow(["POST": .resetVerificationProfile(id)])
            case ("verificationprofiles", "enroll"): return try allow(["POST": .enrollVerificationProfile(id)])
            default: break
            }
        default: break
        }
        throw .resourceNotFound
    }
}
