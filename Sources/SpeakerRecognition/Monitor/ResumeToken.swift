import Foundation

/// What it takes to go on watching an operation in another process: its location, kind and last
/// status. Never the subscription key.
///
/// Its text form (`spid-resume:` and base64url JSON) is safe to print, store and paste.
public struct ResumeToken: Sendable, Hashable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public var location: OperationLocation
    public var kind: OperationKind?
    /// The status last seen, so the resumed watch does not report it again as a change.
    public var lastStatus: OperationStatus?

    public init(location: OperationLocation, kind: OperationKind?, lastStatus: OperationStatus?) {
        self.location = location
        self.kind = kind
        self.lastStatus = lastStatus
    }

    static let prefix = "spid-resume:"

    public var description: String {
        let json = (try? JSONEncoder().encode(self)) ?? Data()
        let base64 = json.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return Self.prefix + base64
    }

    /// Reads the text form; `nil` when it is not a resume token.
    public init?(_ description: String) {
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix(Self.prefix) else { return nil }
        var base64 = String(text.dropFirst(Self.prefix.count)).replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let token = try? JSONDecoder().decode(Self.self, from: data) else {
            return nil
        }
        self = token
    }
}
