import Foundation

/// Finds the frames that carry speech, so speech time is measured with silence removed.
///
/// A frame is speech when it is loud enough against the recording's own noise floor (energy)
/// and its spectrum is neither flat like noise (spectral flatness over 100–4000 Hz) nor a single
/// tone (most of the energy in three neighbouring bins, like a hum or a beep). Decisions are
/// then smoothed: gaps shorter than ``bridgedGap`` inside speech are bridged, bursts shorter than
/// ``shortestBurst`` are dropped. Silence, noise and steady tones give 0 s. Music is not told
/// apart yet: 9 s of plucked chords count as 4.75 s of speech.
public struct VoiceActivityDetector: Sendable {
    /// Decibels above the noise floor (10th percentile of frame energies) a frame must reach.
    public var marginOverFloor: Float = 10
    /// A frame quieter than this many decibels below the loudest frame is never speech.
    public var rangeBelowPeak: Float = 45
    /// An absolute floor in dBFS: digital silence and dither are never speech.
    public var absoluteFloor: Float = -60
    /// Frames flatter than this (1 = white noise) are not speech.
    public var maximumFlatness: Float = 0.45
    /// Frames with more than this share of their band energy in three neighbouring bins are tones.
    public var maximumPeakShare: Float = 0.6
    /// Frames (10 ms each) of non-speech bridged inside speech.
    public var bridgedGap = 12
    /// Shortest run of speech frames kept.
    public var shortestBurst = 5

    public init() {}

    /// What the detector found in one recording.
    public struct Result: Sendable {
        /// One decision per 10 ms frame.
        public var speechFrames: [Bool]
        /// Seconds of speech, rounded to hundredths as the service reported them.
        public var speechSeconds: Double {
            (Double(speechFrames.lazy.filter { $0 }.count) * Spectrogram.hopSeconds * 100).rounded() / 100
        }
    }

    /// The speech frames of `audio` and their total duration.
    public func detect(_ audio: PCMAudio) -> Result {
        detect(Spectrogram(audio))
    }

    func detect(_ spectrogram: Spectrogram) -> Result {
        let count = spectrogram.frameCount
        guard count > 0 else { return Result(speechFrames: []) }
        let decibels = spectrogram.energies.map { 10 * log10($0 + 1e-12) }
        let sorted = decibels.sorted()
        let floor = sorted[count / 10]
        let peak = sorted[count - 1 - count / 200]
        let threshold = max(floor + marginOverFloor, peak - rangeBelowPeak, absoluteFloor)
        let low = max(1, Int((100 / spectrogram.frequency(ofBin: 1)).rounded()))
        let high = min(spectrogram.bins - 1, Int((4000 / spectrogram.frequency(ofBin: 1)).rounded()))
        var decisions = [Bool](repeating: false, count: count)
        spectrogram.powers.withUnsafeBufferPointer { powers in
            for frame in 0..<count where decibels[frame] > threshold {
                let row = frame * spectrogram.bins
                var logSum: Float = 0
                var sum: Float = 0
                var peak: Float = 0
                for bin in low...high {
                    let value = powers[row + bin] + 1e-12
                    logSum += log(value)
                    sum += value
                    peak = max(peak, powers[row + bin - 1] + value + powers[row + bin + 1])
                }
                let bands = Float(high - low + 1)
                let flatness = exp(logSum / bands) / (sum / bands)
                decisions[frame] = flatness < maximumFlatness && peak / sum < maximumPeakShare
            }
        }
        return Result(speechFrames: smooth(decisions))
    }

    private func smooth(_ decisions: [Bool]) -> [Bool] {
        var result = decisions
        var runs: [(start: Int, length: Int, speech: Bool)] = []
        for (index, value) in result.enumerated() {
            if let last = runs.last, last.speech == value {
                runs[runs.count - 1].length += 1
            } else {
                runs.append((index, 1, value))
            }
        }
        for (position, run) in runs.enumerated() where !run.speech && run.length <= bridgedGap {
            let inside = position > 0 && position < runs.count - 1
            if inside { for index in run.start..<run.start + run.length { result[index] = true } }
        }
        var start = 0
        while start < result.count {
            guard result[start] else {
                start += 1
                continue
            }
            var end = start
            while end < result.count && result[end] { end += 1 }
            if end - start < shortestBurst { for index in start..<end { result[index] = false } }
            start = end
        }
        return result
    }
}
