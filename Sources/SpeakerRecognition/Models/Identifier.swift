import Foundation

/// A GUID that names a profile or an operation, typed by what it names.
///
/// Parsed case-insensitively (the docs show both `EF217D0C-…` and `111f427c-…`), always written
/// lowercase as the service does. `ProfileID` and `OperationID` cannot be mixed up by accident.
public struct Identifier<Tag>: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The GUID itself.
    public let uuid: UUID

    public init(_ uuid: UUID) { self.uuid = uuid }

    /// Parses a GUID in the 8-4-4-4-12 form; `nil` for anything else.
    public init?(_ text: String) {
        guard text.utf8.count == 36, let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    /// A new random identifier.
    public static func random() -> Self { Self(UUID()) }

    /// `00000000-0000-0000-0000-000000000000`: the service's "nobody" in identification results.
    public static var zero: Self { Self(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))) }

    /// `true` for the zero GUID.
    public var isZero: Bool { self == .zero }

    /// The lowercase 8-4-4-4-12 form the service uses on the wire.
    public var description: String { uuid.uuidString.lowercased() }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Self(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text.prefix(60))\" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Marks identifiers of profiles (identification or verification).
public enum ProfileTag {}
/// Marks identifiers of asynchronous operations.
public enum OperationTag {}

/// The id of an identification or verification profile.
public typealias ProfileID = Identifier<ProfileTag>
/// The id of an asynchronous operation (the last path segment of its `Operation-Location`).
public typealias OperationID = Identifier<OperationTag>
