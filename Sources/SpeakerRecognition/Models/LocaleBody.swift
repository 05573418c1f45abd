/// The body of the create-profile calls, `{"locale": "en-us"}`.
public struct LocaleBody: Codable, Hashable, Sendable {
    public var locale: String

    public init(locale: String) { self.locale = locale }
}
