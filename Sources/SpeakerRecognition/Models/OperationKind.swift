/// What an asynchronous operation does, which decides the shape of its `processingResult`.
public enum OperationKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// An identification enrollment (`POST /identificationProfiles/{id}/enroll`).
    case enrollment
    /// An identification (`POST /identify`).
    case identification

    public var description: String { rawValue }
}
