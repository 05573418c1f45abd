import Foundation
import Testing

@testable import SpeakerEngines

/// The narrow-band measure on synthetic signals: voiced sounds (harmonics of 150 Hz up to 3 kHz)
/// with fricatives (noise across the whole band) are full band; the same voiced sounds without
/// fricatives, with steady noise or with nothing at all above the band, are narrow.
@Suite struct HighBandActivityTests {
    static let rate = Double(MelPowerSpectrogram.sampleRate)

    /// 2 s of syllables at 5 a second: voiced sound swelling and fading smoothly (no clicks to
    /// splash power upwards), and between its peaks fricative noise when `fricatives`.
    static func utterance(fricatives: Bool, steadyNoise: Float) -> [Float] {
        var generator = SeededRandom(seed: 7)
        func noise() -> Float { Float(Double(generator.next() % 2_000_001) / 1_000_000 - 1) }
        return (0..<Int(2 * rate)).map { index in
            let time = Double(index) / rate
            let swell = Float(0.5 - 0.5 * cos(2 * Double.pi * 5 * time))
            var voiced: Float = 0
            for harmonic in 1...20 { voiced += Float(0.3 / Double(harmonic) * sin(2 * Double.pi * 150 * Double(harmonic) * time)) }
            let fricative = fricatives ? (1 - swell) * 0.2 * noise() : 0
            return swell * voiced + fricative + steadyNoise * noise()
        }
    }

    static func span(_ samples: [Float]) -> Double? {
        HighBandActivity.span(ofMelFrames: MelPowerSpectrogram().frames(of: samples))
    }

    @Test func fullBandSpeechIsNotNarrow() throws {
        let span = try #require(Self.span(Self.utterance(fricatives: true, steadyNoise: 0.001)))
        #expect(span > HighBandActivity.narrowBandSpan, "span \(span) dB")
        #expect(!HighBandActivity.isNarrowBand(span: span))
    }

    @Test func aBandWithSteadyNoiseAboveItIsNarrow() throws {
        let span = try #require(Self.span(Self.utterance(fricatives: false, steadyNoise: 0.01)))
        #expect(span < 3, "span \(span) dB")
        #expect(HighBandActivity.isNarrowBand(span: span))
    }

    @Test func nothingAboveTheBandIsNarrow() throws {
        let span = try #require(Self.span(Self.utterance(fricatives: false, steadyNoise: 0)))
        #expect(span == 0)
        #expect(HighBandActivity.isNarrowBand(span: span))
    }

    @Test func tooLittleSpeechTellsNothingAndCountsAsFullBand() {
        let short = Array(Self.utterance(fricatives: false, steadyNoise: 0.01).prefix(Int(Self.rate / 10)))
        #expect(Self.span(short) == nil)
        #expect(Self.span([Float](repeating: 0, count: 32000)) == nil)
        #expect(!HighBandActivity.isNarrowBand(span: nil))
    }

    @Test func theBandsAreAboveAndInsideTheTelephoneBand() {
        #expect(!HighBandActivity.highBands.isEmpty && !HighBandActivity.inBands.isEmpty)
        #expect(Set(HighBandActivity.highBands).isDisjoint(with: HighBandActivity.inBands))
        #expect(HighBandActivity.highBands.max() == MelPowerSpectrogram.bands - 1)
    }
}
