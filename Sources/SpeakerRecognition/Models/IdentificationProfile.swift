import Foundation

/// A text-independent speaker profile used for identification (`GET /identificationProfiles/{id}`).
public struct IdentificationProfile: Codable, Hashable, Sendable {
    public var identificationProfileId: ProfileID
    /// The locale as it was sent when the profile was created (`en-us`, `zh-cn`).
    public var locale: String
    /// Seconds of useful speech in all enrollments so far.
    public var enrollmentSpeechTime: Double
    /// Seconds of speech still needed before the profile is `Enrolled` (30 s in all).
    public var remainingEnrollmentSpeechTime: Double
    public var createdDateTime: Date
    public var lastActionDateTime: Date
    public var enrollmentStatus: EnrollmentStatus

    public init(
        identificationProfileId: ProfileID, locale: String, enrollmentSpeechTime: Double,
        remainingEnrollmentSpeechTime: Double, createdDateTime: Date, lastActionDateTime: Date,
        enrollmentStatus: EnrollmentStatus
    ) {
        self.identificationProfileId = identificationProfileId
        self.locale = locale
        self.enrollmentSpeechTime = enrollmentSpeechTime
        self.remainingEnrollmentSpeechTime = remainingEnrollmentSpeechTime
        self.createdDateTime = createdDateTime
        self.lastActionDateTime = lastActionDateTime
        self.enrollmentStatus = enrollmentStatus
    }
}
