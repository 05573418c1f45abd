import Foundation

/// A text-dependent speaker profile used for verification (`GET /verificationProfiles/{id}`).
public struct VerificationProfile: Codable, Hashable, Sendable {
    public var verificationProfileId: ProfileID
    public var locale: String
    /// Enrollments accepted so far.
    public var enrollmentsCount: Int
    /// Enrollments still needed while `Enrolling` (3 in all). Note the `Count` suffix, which the
    /// enrollment result's ``VerificationEnrollmentResult/remainingEnrollments`` lacks.
    public var remainingEnrollmentsCount: Int
    public var createdDateTime: Date
    public var lastActionDateTime: Date
    public var enrollmentStatus: EnrollmentStatus

    public init(
        verificationProfileId: ProfileID, locale: String, enrollmentsCount: Int, remainingEnrollmentsCount: Int,
        createdDateTime: Date, lastActionDateTime: Date, enrollmentStatus: EnrollmentStatus
    ) {
        self.verificationProfileId = verificationProfileId
        self.locale = locale
        self.enrollmentsCount = enrollmentsCount
        self.remainingEnrollmentsCount = remainingEnrollmentsCount
        self.createdDateTime = createdDateTime
        self.lastActionDateTime = lastActionDateTime
        self.enrollmentStatus = enrollmentStatus
    }
}
