/// The synchronous answer to a verification enrollment (`POST /verificationProfiles/{id}/enroll`).
public struct VerificationEnrollmentResult: Codable, Hashable, Sendable {
    public var enrollmentStatus: EnrollmentStatus
    public var enrollmentsCount: Int
    /// Enrollments still needed. The wire name really is `remainingEnrollments` here and
    /// `remainingEnrollmentsCount` on the profile.
    public var remainingEnrollments: Int
    /// The phrase the service recognised, lowercase without punctuation.
    public var phrase: String

    public init(enrollmentStatus: EnrollmentStatus, enrollmentsCount: Int, remainingEnrollments: Int, phrase: String) {
        self.enrollmentStatus = enrollmentStatus
        self.enrollmentsCount = enrollmentsCount
        self.remainingEnrollments = remainingEnrollments
        self.phrase = phrase
    }
}
