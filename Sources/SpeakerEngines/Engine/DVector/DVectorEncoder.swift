import Foundation

/// An utterance's d-vector, as resemblyzer's `VoiceEncoder.embed_utterance` computes it:
/// 1.6 s windows (160 frames) at 1.3 per second covering the utterance, the last one kept when at
/// least 75 % of it is audio, each window embedded, the mean normalised.
public struct DVectorEncoder: Sendable {
    static let windowFrames = 160
    static let windowsPerSecond = 1.3
    static let minimumCoverage = 0.75
    /// resemblyzer's volume target, raised to only (`normalize_volume(…, -30, increase_only=True)`).
    static let targetDBFS = -30.0

    /// The pass band of a telephone channel (ITU-T G.712), for ``embedding(ofUtterance:telephoneBand:)``.
    public static let telephoneBand: ClosedRange<Double> = 300...3400

    let frontEnd = MelPowerSpectrogram()
    let telephoneFrontEnd = MelPowerSpectrogram(passBand: DVectorEncoder.telephoneBand)
    let network: SpeakerEncoderNetwork

    public init(model: DVectorModel) {
        network = SpeakerEncoderNetwork(model: model)
    }

    /// The normalised embedding (256 floats) of 16 kHz samples in -1…1, already trimmed of
    /// long silences and normalised in volume.
    public func embedding(ofUtterance samples: [Float]) -> [Float] {
        embedding(ofUtterance: samples, telephoneBand: false)
    }

    /// The embedding of the samples as they are, or (`telephoneBand`) as heard through a
    /// 300–3400 Hz channel: the spectrum outside ``telephoneBand`` is dropped before the mel
    /// filters. Comparing a telephone-band test with the telephone-band embedding of a clean
    /// enrollment removes most of the channel mismatch.
    public func embedding(ofUtterance samples: [Float], telephoneBand: Bool) -> [Float] {
        let (mel, windows) = melFrames(ofUtterance: samples, telephoneBand: telephoneBand)
        return embedding(ofMelFrames: mel, windows: windows)
    }

    /// The embedding of the samples as they are, and the span (dB) of their power above 4 kHz
    /// across their loud frames, which tells speech that came through a telephone line (under
    /// 6 dB: steady noise or nothing); `nil` when too little of it is loud enough to tell.
    public func embeddingAndHighBandSpan(ofUtterance samples: [Float]) -> (embedding: [Float], highBandSpan: Double?) {
        let (mel, windows) = melFrames(ofUtterance: samples, telephoneBand: false)
        return (embedding(ofMelFrames: mel, windows: windows), HighBandActivity.span(ofMelFrames: mel))
    }

    /// The mel frames of the samples, padded to cover every window, and the windows' first frames.
    private func melFrames(ofUtterance samples: [Float], telephoneBand: Bool) -> (mel: [Float], windows: [Int]) {
        let windows = Self.windowStarts(sampleCount: samples.count)
        let hop = MelPowerSpectrogram.hop
        var audio = samples
        let end = (windows.last! + Self.windowFrames) * hop
        if end >= audio.count { audio += [Float](repeating: 0, count: end - audio.count) }
        return ((telephoneBand ? telephoneFrontEnd : frontEnd).frames(of: audio), windows)
    }

    private func embedding(ofMelFrames mel: [Float], windows: [Int]) -> [Float] {
        let bands = MelPowerSpectrogram.bands
        var stacked: [Float] = []
        stacked.reserveCapacity(windows.count * Self.windowFrames * bands)
        for start in windows { stacked += mel[start * bands..<(start + Self.windowFrames) * bands] }
        let partials = network.embeddings(ofWindows: stacked, count: windows.count, steps: Self.windowFrames)
        var mean = [Float](repeating: 0, count: DVectorModel.embedding)
        for partial in partials { for index in mean.indices { mean[index] += partial[index] } }
        return SpeakerEncoderNetwork.normalised(mean.map { $0 / Float(partials.count) })
    }

    /// First mel frame of each window (`compute_partial_slices` with rate 1.3, coverage 0.75).
    static func windowStarts(sampleCount: Int) -> [Int] {
        let hop = MelPowerSpectrogram.hop
        let frames = Int((Double(sampleCount + 1) / Double(hop)).rounded(.up))
        let step = Int((Double(MelPowerSpectrogram.sampleRate) / windowsPerSecond / Double(hop)).rounded(.toNearestOrEven))
        let limit = max(1, frames - windowFrames + step + 1)
        var starts = Array(stride(from: 0, to: limit, by: step))
        let last = starts.last!
        let coverage = Double(sampleCount - last * hop) / Double(windowFrames * hop)
        if coverage < minimumCoverage, starts.count > 1 { starts.removeLast() }
        return starts
    }

    /// Scales quiet audio up to −30 dBFS (never down), as resemblyzer's preprocessing does.
    public static func normalisingVolume(_ samples: [Float]) -> [Float] {
        guard !samples.isEmpty else { return samples }
        let peak = Double(Int16.max)
        let meanSquare = samples.reduce(0.0) { $0 + Double($1) * Double($1) * peak * peak } / Double(samples.count)
        guard meanSquare > 0 else { return samples }
        let change = targetDBFS - 20 * log10(meanSquare.squareRoot() / peak)
        guard change > 0 else { return samples }
        let gain = Float(pow(10, change / 20))
        return samples.map { $0 * gain }
    }
}
