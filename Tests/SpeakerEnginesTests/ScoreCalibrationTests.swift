import SpeakerRecognition
import Testing

@testable import SpeakerEngines

/// The calibrated 0…1 score: monotonic, 0.5 exactly where the engine starts naming a speaker,
/// and consistent with the decision.
@Suite struct ScoreCalibrationTests {
    static let calibrations = [
        DVectorEngine.normalisedCalibration, DVectorEngine.cosineCalibration,
        ScoreCalibration(acceptance: -0.2, normal: 0.4, high: 0.8, margin: 1.0),
    ]

    @Test(arguments: calibrations)
    func calibratedScoresAreMonotonicWithinZeroAndOneAndHalfAtAcceptance(_ calibration: ScoreCalibration) {
        let scores = stride(from: -20.0, through: 20.0, by: 0.05)
        let calibrated = scores.map(calibration.calibrated)
        #expect(calibrated.allSatisfy { (0...1).contains($0) })
        #expect(zip(calibrated, calibrated.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(abs(calibration.calibrated(calibration.acceptance) - 0.5) < 1e-12)
        #expect(calibration.calibrated(calibration.high) > calibration.calibrated(calibration.normal))
        #expect(calibration.calibrated(-.infinity) == 0)
        #expect(calibration.calibrated(.infinity) == 1)
    }

    @Test(arguments: calibrations)
    func theDecisionAgreesWithTheCalibratedScore(_ calibration: ScoreCalibration) {
        for best in stride(from: calibration.acceptance - 1, through: calibration.acceptance + 1, by: 0.125) {
            let scores = [best - 2, best, best - 3]
            let identification = calibration.identification(scores)
            #expect(identification.calibratedScores.count == 3)
            #expect((identification.match == 1) == (identification.calibratedScores[1] >= 0.5))
            let verification = calibration.verification(best)
            #expect(verification.accepted == (verification.calibratedScore! >= 0.5))
        }
    }

    @Test func withoutAFittedSlopeHighMapsToNineTenths() {
        let calibration = ScoreCalibration(acceptance: 0.75, normal: 0.82, high: 0.90, margin: 0.10)
        #expect(abs(calibration.calibrated(0.90) - 0.9) < 1e-9)
    }

    @Test func answersMadeWithTheOldInitialisersHaveNoCalibratedScores() {
        #expect(SpeakerIdentification(match: nil, confidence: .high, scores: [0.1]).calibratedScores.isEmpty)
        #expect(SpeakerVerification(accepted: false, confidence: .high, score: 0.1).calibratedScore == nil)
    }
}
