import Foundation

/// Short-time power spectra of audio: 25 ms Hamming windows every 10 ms, pre-emphasised.
///
/// One pass feeds both the voice-activity detector and the speaker features.
struct Spectrogram: Sendable {
    static let windowSeconds = 0.025
    static let hopSeconds = 0.010

    let sampleRate: Int
    let fftSize: Int
    /// Frame count × (fftSize/2 + 1) powers, row-major.
    let powers: [Float]
    let frameCount: Int
    /// Mean square of each frame's raw samples (before pre-emphasis), for energy.
    let energies: [Float]

    var bins: Int { fftSize / 2 + 1 }

    init(_ audio: PCMAudio) {
        sampleRate = audio.sampleRate
        let window = Int((Self.windowSeconds * Double(audio.sampleRate)).rounded())
        let hop = Int((Self.hopSeconds * Double(audio.sampleRate)).rounded())
        var size = 1
        while size < window { size <<= 1 }
        fftSize = size
        let count = audio.samples.count >= window ? (audio.samples.count - window) / hop + 1 : 0
        frameCount = count
        let bins = size / 2 + 1
        let hamming = (0..<window).map { Float(0.54 - 0.46 * cos(2 * Double.pi * Double($0) / Double(window - 1))) }
        let fft = PowerSpectrum(size: size)
        var powers = [Float](repeating: 0, count: count * bins)
        var energies = [Float](repeating: 0, count: count)
        var frame = [Float](repeating: 0, count: window)
        audio.samples.withUnsafeBufferPointer { samples in
            powers.withUnsafeMutableBufferPointer { out in
                frame.withUnsafeMutableBufferPointer { frame in
                    for index in 0..<count {
                        let start = index * hop
                        var sum: Float = 0
                        var mean: Float = 0
                        for offset in 0..<window { mean += samples[start + offset] }
                        mean /= Float(window)
                        var previous = start > 0 ? samples[start - 1] - mean : 0
                        for offset in 0..<window {
                            let value = samples[start + offset] - mean
                            sum += value * value
                            frame[offset] = (value - 0.97 * previous) * hamming[offset]
                            previous = value
                        }
                        energies[index] = sum / Float(window)
                        fft.power(
                            of: UnsafeBufferPointer(frame),
                            into: UnsafeMutableBufferPointer(rebasing: out[index * bins..<(index + 1) * bins]))
                    }
                }
            }
        }
        self.powers = powers
        self.energies = energies
    }

    /// The frequency of FFT bin `bin` in hertz.
    func frequency(ofBin bin: Int) -> Double { Double(bin) * Double(sampleRate) / Double(fftSize) }
}
