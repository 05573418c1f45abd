import Foundation

/// The speaker encoder's front end, as resemblyzer computes it with librosa: a mel *power*
/// spectrogram (not log) of 25 ms Hann windows every 10 ms at 16 kHz, 40 Slaney mel bands from
/// 0 to 8 kHz, frames centred on their hop with zero padding (librosa ≥ 0.10).
///
/// With a pass band, the power outside it is dropped before the mel filters: the spectrogram of
/// the same audio heard through a band-limited channel (a telephone's 300–3400 Hz), which the
/// d-vector engine uses to make multi-condition voiceprints at no extra cost per frame.
struct MelPowerSpectrogram: Sendable {
    static let sampleRate = 16000
    static let windowLength = 400
    static let hop = 160
    static let bands = 40
    static let bins = windowLength / 2 + 1

    /// `bins` cosines and sines of the 400-point DFT, each multiplied by the window, row-major.
    private let cosines: [Float]
    private let sines: [Float]
    /// `bands × paddedBins`, row-major, zero past `bins`.
    private let filters: [Float]

    /// A front end that keeps only the DFT bins inside `passBand` (hertz), or every bin when nil.
    init(passBand: ClosedRange<Double>? = nil) {
        let n = Self.windowLength
        // The periodic Hann window (scipy's `get_window("hann", 400, fftbins=True)`).
        let window = (0..<n).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n)) }
        var cosines = [Float](repeating: 0, count: Self.bins * n)
        var sines = [Float](repeating: 0, count: Self.bins * n)
        for bin in 0..<Self.bins {
            for index in 0..<n {
                let angle = 2 * Double.pi * Double((bin * index) % n) / Double(n)
                cosines[bin * n + index] = Float(cos(angle) * window[index])
                sines[bin * n + index] = Float(sin(angle) * window[index])
            }
        }
        self.cosines = cosines
        self.sines = sines
        var plain = Self.slaneyFilters()
        if let passBand {
            let binHertz = Double(Self.sampleRate) / Double(n)
            for bin in 0..<Self.bins where !passBand.contains(Double(bin) * binHertz) {
                for band in 0..<Self.bands { plain[band * Self.bins + bin] = 0 }
            }
        }
        var filters = [Float](repeating: 0, count: Self.bands * Self.paddedBins)
        for band in 0..<Self.bands {
            filters.replaceSubrange(
                band * Self.paddedBins..<band * Self.paddedBins + Self.bins, with: plain[band * Self.bins..<(band + 1) * Self.bins])
        }
        self.filters = filters
    }

    /// Frames × bands, row-major; `1 + samples.count / hop` frames.
    func frames(of samples: [Float]) -> [Float] {
        let n = Self.windowLength
        let count = 1 + samples.count / Self.hop
        let pad = n / 2
        // Room for the last frame's window, whatever the remainder of the division by the hop.
        var padded = [Float](repeating: 0, count: (count - 1) * Self.hop + n)
        padded.replaceSubrange(pad..<pad + samples.count, with: samples)
        var real = [Float](repeating: 0, count: count * Self.bins)
        var imaginary = [Float](repeating: 0, count: count * Self.bins)
        func transform(_ table: [Float], into target: inout [Float]) {
            padded.withUnsafeBufferPointer { signal in
                table.withUnsafeBufferPointer { table in
                    target.withUnsafeMutableBufferPointer { target in
                        Kernels.rowProducts(
                            signal.baseAddress!, rows: count, aRow: Self.hop, table.baseAddress!, columns: Self.bins, bRow: n, depth: n,
                            into: target.baseAddress!, cRow: Self.bins, cColumn: 1, accumulate: false)
                    }
                }
            }
        }
        transform(cosines, into: &real)
        transform(sines, into: &imaginary)
        // Powers, each row padded to a multiple of 4 bins for the vector product with the filters.
        let width = Self.paddedBins
        var power = [Float](repeating: 0, count: count * width)
        for frame in 0..<count {
            for bin in 0..<Self.bins {
                let re = real[frame * Self.bins + bin], im = imaginary[frame * Self.bins + bin]
                power[frame * width + bin] = re * re + im * im
            }
        }
        var output = [Float](repeating: 0, count: count * Self.bands)
        power.withUnsafeBufferPointer { power in
            filters.withUnsafeBufferPointer { filters in
                output.withUnsafeMutableBufferPointer { output in
                    Kernels.rowProducts(
                        power.baseAddress!, rows: count, aRow: width, filters.baseAddress!, columns: Self.bands, bRow: width, depth: width,
                        into: output.baseAddress!, cRow: Self.bands, cColumn: 1, accumulate: false)
                }
            }
        }
        return output
    }

    /// `bins` rounded up to a multiple of 4.
    static let paddedBins = (bins + 3) / 4 * 4

    /// librosa.filters.mel(sr=16000, n_fft=400, n_mels=40), Slaney scale and area normalisation.
    static func slaneyFilters() -> [Float] {
        let nyquist = Double(sampleRate) / 2
        let frequencies = (0..<bins).map { Double($0) * nyquist / Double(bins - 1) }
        let top = hertzToMel(nyquist)
        let points = (0..<bands + 2).map { melToHertz(top * Double($0) / Double(bands + 1)) }
        var filters = [Float](repeating: 0, count: bands * bins)
        for band in 0..<bands {
            let lower = points[band], centre = points[band + 1], upper = points[band + 2]
            let scale = 2 / (upper - lower)
            for bin in 0..<bins {
                let rising = (frequencies[bin] - lower) / (centre - lower)
                let falling = (upper - frequencies[bin]) / (upper - centre)
                filters[band * bins + bin] = Float(max(0, min(rising, falling)) * scale)
            }
        }
        return filters
    }

    private static let linearStep = 200.0 / 3
    private static let logStep = log(6.4) / 27
    private static let breakHertz = 1000.0

    static func hertzToMel(_ hertz: Double) -> Double {
        hertz < breakHertz ? hertz / linearStep : breakHertz / linearStep + log(hertz / breakHertz) / logStep
    }

    static func melToHertz(_ mel: Double) -> Double {
        let breakMel = breakHertz / linearStep
        return mel < breakMel ? mel * linearStep : breakHertz * exp(logStep * (mel - breakMel))
    }
}
