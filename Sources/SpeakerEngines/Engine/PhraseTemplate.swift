import Foundation

/// The spectral shape of one spoken phrase over time, to tell whether two uploads say the same
/// words: cepstra c1…c12 of the speech frames, normalised, compared by dynamic time warping.
///
/// This is template matching, not speech recognition: it tells "the same phrase as before"
/// from "a different one" for one speaker, which is what the service's `InvalidPhrase` needs.
package struct PhraseTemplate: Sendable, Hashable {
    package static let width = 12
    package var frames: FeatureMatrix

    package init(frames: FeatureMatrix) { self.frames = frames }

    package init(_ sample: SpeechSample) {
        let cepstrum = MelCepstrum(sampleRate: sample.spectrogram.sampleRate, fftSize: sample.spectrogram.fftSize)
        let all = FeatureMatrix(dimension: MelCepstrum.dimension, values: cepstrum.features(of: sample.spectrogram))
        let speech = all.rows(where: sample.speechFrames).normalised()
        var values: [Float] = []
        for row in stride(from: 0, to: speech.rowCount, by: 2) { values += speech.row(row).prefix(Self.width) }
        frames = FeatureMatrix(dimension: Self.width, values: values)
    }

    /// Distances above this mean "a different phrase". On the fixture voices the same phrase in
    /// another take measured 0.43–0.69 and a different phrase 2.05–2.20; real recordings vary more.
    package static let samePhraseLimit = 1.4

    /// Average distance per step along the best alignment (a band of a third of the length).
    package func distance(to other: PhraseTemplate) -> Double {
        let n = frames.rowCount
        let m = other.frames.rowCount
        guard n > 0, m > 0 else { return .infinity }
        let band = max(abs(n - m), max(n, m) / 3)
        var previous = [Double](repeating: .infinity, count: m + 1)
        var current = [Double](repeating: .infinity, count: m + 1)
        previous[0] = 0
        let a = frames.values
        let b = other.frames.values
        let width = Self.width
        for i in 1...n {
            current[0] = .infinity
            let low = max(1, i * m / n - band)
            let high = min(m, i * m / n + band)
            for j in 1..<max(low, 1) { current[j] = .infinity }
            if low <= high {
                for j in low...high {
                    var sum: Float = 0
                    for k in 0..<width {
                        let difference = a[(i - 1) * width + k] - b[(j - 1) * width + k]
                        sum += difference * difference
                    }
                    current[j] = Double(sum.squareRoot()) + min(previous[j - 1], previous[j], current[j - 1])
                }
            }
            if high < m { for j in (high + 1)...m { current[j] = .infinity } }
            swap(&previous, &current)
        }
        return previous[m] / Double(n + m)
    }
}
