import SpeakerRecognition

/// What `NAME = COMMAND` keeps: the command's main result.
enum BoundValue: Sendable, Hashable {
    case text(String)
    case profile(ProfileID)
    case profiles([ProfileID])
    /// An operation, by its session name (`op3`).
    case operation(String)
    /// A result that is not an operation (a verification, a profile's details).
    case document(JSONValue)

    /// The words `$NAME` expands to.
    var words: [String] {
        switch self {
        case .text(let text): [text]
        case .profile(let id): [id.description]
        case .profiles(let ids): ids.map(\.description)
        case .operation(let name): [name]
        case .document(let value): [value.stringValue ?? value.jsonText()]
        }
    }

    /// A short description for `vars`.
    var summary: String {
        switch self {
        case .text(let text): JSONValue.quoted(text)
        case .profile(let id): "profile \(id)"
        case .profiles(let ids): "\(ids.count) profile\(ids.count == 1 ? "" : "s")"
        case .operation(let name): "operation \(name)"
        case .document(let value): value.jsonText()
        }
    }
}
