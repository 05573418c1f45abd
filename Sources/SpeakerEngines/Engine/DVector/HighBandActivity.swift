import Foundation

/// Whether speech reached the engine through a telephone's narrow band, measured on the mel power
/// spectrogram the encoder computes anyway.
///
/// Speech heard in full band has power above 4 kHz that rises and falls with it (fricatives,
/// plosives, breaths): across its loud frames that power spans more than 10 dB. Heard through a
/// telephone channel (300–3400 Hz, or sampled at 8 kHz), what is left up there is the line's
/// steady noise, which spans about 1.5 dB, or nothing at all. The measure is that span.
enum HighBandActivity {
    /// Spans (dB) under this are narrow-band speech. Measured on 16 kHz clips of real speech and
    /// TTS voices: 1.4–1.6 dB through a telephone band with noise, 10.7–48 dB in full band, clean
    /// or reverberant.
    static let narrowBandSpan = 6.0
    /// Power above 4 kHz this far (dB) under the in-band power is nothing at all: speech that
    /// was band-limited without noise, or sampled at 8 kHz. Full-band speech measured −46 dB at
    /// its lowest.
    static let silentBand = -60.0
    /// Frames within this many dB of the loudest in-band frame are the loud frames.
    static let loudFrames = 30.0
    /// Fewer loud frames than this (0.2 s) measure nothing; the speech counts as full band.
    static let minimumFrames = 20

    /// Mel bands wholly above 4 kHz (where an 8 kHz line has nothing and a 300–3400 Hz one only
    /// its noise), and those wholly inside the telephone band.
    static let (highBands, inBands): ([Int], [Int]) = {
        let top = MelPowerSpectrogram.hertzToMel(Double(MelPowerSpectrogram.sampleRate) / 2)
        let edges = (0..<MelPowerSpectrogram.bands + 2).map {
            MelPowerSpectrogram.melToHertz(top * Double($0) / Double(MelPowerSpectrogram.bands + 1))
        }
        let band = DVectorEncoder.telephoneBand
        let bands = 0..<MelPowerSpectrogram.bands
        return (
            bands.filter { edges[$0] >= 4000 },
            bands.filter { edges[$0] >= band.lowerBound && edges[$0 + 2] <= band.upperBound }
        )
    }()

    /// The span (dB, 90th less 10th percentile) of the power above 4 kHz across the
    /// loud frames of `mel` (frames × ``MelPowerSpectrogram/bands``); 0 when there is no power up
    /// there, `nil` with too few loud frames to tell.
    static func span(ofMelFrames mel: [Float]) -> Double? {
        let bands = MelPowerSpectrogram.bands
        let frames = mel.count / bands
        func level(_ frame: Int, _ which: [Int]) -> Double {
            10 * log10(max(1e-30, which.reduce(0.0) { $0 + Double(mel[frame * bands + $1]) }))
        }
        let inBand = (0..<frames).map { level($0, inBands) }
        guard let loudest = inBand.max(), loudest > -200 else { return nil }  // no sound at all
        let loud = (0..<frames).filter { inBand[$0] > loudest - loudFrames }
        guard loud.count >= minimumFrames else { return nil }
        let high = loud.map { level($0, highBands) }.sorted()
        let inLoud = loud.map { inBand[$0] }.sorted()
        func percentile(_ sorted: [Double], _ share: Double) -> Double { sorted[Int(share * Double(sorted.count - 1))] }
        if percentile(high, 0.9) - percentile(inLoud, 0.9) < silentBand { return 0 }
        return percentile(high, 0.9) - percentile(high, 0.1)
    }

    /// Whether a span from ``span(ofMelFrames:)`` is narrow-band speech.
    static func isNarrowBand(span: Double?) -> Bool {
        guard let span else { return false }
        return span < narrowBandSpan
    }
}
