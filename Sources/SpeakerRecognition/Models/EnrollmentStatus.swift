/// A profile's enrollment status: `Enrolling`, `Training` or `Enrolled`.
public enum EnrollmentStatus: WireEnumeration {
    /// More enrollment audio is needed before the profile can be used.
    case enrolling
    /// The service is still building the speaker model.
    case training
    /// The profile is ready for identification or verification.
    case enrolled
    /// A value the service did not document, kept as received.
    case unknown(String)

    public var unknownWire: String? {
        if case let .unknown(wire) = self { wire } else { nil }
    }

    public static let knownValues: [(value: EnrollmentStatus, wire: String)] = [
        (.enrolling, "Enrolling"), (.training, "Training"), (.enrolled, "Enrolled"),
    ]
}
