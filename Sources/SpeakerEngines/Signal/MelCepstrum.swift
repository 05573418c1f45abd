import Foundation

/// Mel-frequency cepstral coefficients with deltas, the classical speaker features.
///
/// 40 mel bands from 20 Hz to 7600 Hz over the power spectrum, log, DCT-II; c1…c19 (c0, the
/// loudness, is dropped) plus their first differences over ±2 frames: 38 values per frame.
struct MelCepstrum: Sendable {
    static let bandCount = 40
    static let coefficientCount = 19
    static var dimension: Int { coefficientCount * 2 }

    private let filters: [[(bin: Int, weight: Float)]]
    private let dct: [Float]

    init(sampleRate: Int, fftSize: Int) {
        func mel(_ hertz: Double) -> Double { 2595 * log10(1 + hertz / 700) }
        func hertz(_ mel: Double) -> Double { 700 * (pow(10, mel / 2595) - 1) }
        let bins = fftSize / 2 + 1
        let low = mel(20)
        let high = mel(min(7600, Double(sampleRate) / 2))
        let edges = (0..<Self.bandCount + 2).map {
            hertz(low + (high - low) * Double($0) / Double(Self.bandCount + 1)) * Double(fftSize) / Double(sampleRate)
        }
        filters = (0..<Self.bandCount).map { band in
            let (left, centre, right) = (edges[band], edges[band + 1], edges[band + 2])
            return (0..<bins).compactMap { bin in
                let position = Double(bin)
                let weight =
                    position <= left || position >= right
                    ? 0 : position <= centre ? (position - left) / (centre - left) : (right - position) / (right - centre)
                return weight > 0 ? (bin, Float(weight)) : nil
            }
        }
        var dct = [Float](repeating: 0, count: Self.coefficientCount * Self.bandCount)
        for coefficient in 0..<Self.coefficientCount {
            for band in 0..<Self.bandCount {
                dct[coefficient * Self.bandCount + band] = Float(
                    cos(Double.pi * Double(coefficient + 1) * (Double(band) + 0.5) / Double(Self.bandCount))
                        * sqrt(2 / Double(Self.bandCount)))
            }
        }
        self.dct = dct
    }

    /// Cepstra and deltas of every frame, row-major (frames × ``dimension``).
    func features(of spectrogram: Spectrogram) -> [Float] {
        let frames = spectrogram.frameCount
        let width = Self.coefficientCount
        var cepstra = [Float](repeating: 0, count: frames * width)
        var logMel = [Float](repeating: 0, count: Self.bandCount)
        spectrogram.powers.withUnsafeBufferPointer { powers in
            dct.withUnsafeBufferPointer { dct in
                for frame in 0..<frames {
                    let row = frame * spectrogram.bins
                    for (band, filter) in filters.enumerated() {
                        var sum: Float = 0
                        for tap in filter { sum += powers[row + tap.bin] * tap.weight }
                        logMel[band] = log(sum + 1e-10)
                    }
                    for coefficient in 0..<width {
                        var sum: Float = 0
                        for band in 0..<Self.bandCount { sum += dct[coefficient * Self.bandCount + band] * logMel[band] }
                        cepstra[frame * width + coefficient] = sum
                    }
                }
            }
        }
        var output = [Float](repeating: 0, count: frames * Self.dimension)
        for frame in 0..<frames {
            for coefficient in 0..<width {
                output[frame * Self.dimension + coefficient] = cepstra[frame * width + coefficient]
                var delta: Float = 0
                for step in 1...2 {
                    let ahead = cepstra[min(frame + step, frames - 1) * width + coefficient]
                    let behind = cepstra[max(frame - step, 0) * width + coefficient]
                    delta += Float(step) * (ahead - behind)
                }
                output[frame * Self.dimension + width + coefficient] = delta / 10
            }
        }
        return output
    }
}
