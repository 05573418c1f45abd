/// The `processingResult` of a succeeded identification enrollment.
public struct IdentificationEnrollmentResult: Codable, Hashable, Sendable {
    public var enrollmentStatus: EnrollmentStatus
    /// Seconds of speech still needed, after this enrollment.
    public var remainingEnrollmentSpeechTime: Double
    /// Seconds of useful speech found in this request's audio.
    public var speechTime: Double
    /// Seconds of useful speech in all the profile's enrollments.
    public var enrollmentSpeechTime: Double

    public init(
        enrollmentStatus: EnrollmentStatus, remainingEnrollmentSpeechTime: Double, speechTime: Double,
        enrollmentSpeechTime: Double
    ) {
        self.enrollmentStatus = enrollmentStatus
        self.remainingEnrollmentSpeechTime = remainingEnrollmentSpeechTime
        self.speechTime = speechTime
        self.enrollmentSpeechTime = enrollmentSpeechTime
    }
}
