import Foundation

/// A radix-2 FFT of real frames, returning the power spectrum (bins 0…n/2).
struct PowerSpectrum: Sendable {
    let size: Int
    private let cosines: [Float]
    private let sines: [Float]
    private let reversed: [Int]

    init(size: Int) {
        precondition(size > 1 && size & (size - 1) == 0, "FFT size must be a power of two")
        self.size = size
        cosines = (0..<size / 2).map { Float(cos(-2 * Double.pi * Double($0) / Double(size))) }
        sines = (0..<size / 2).map { Float(sin(-2 * Double.pi * Double($0) / Double(size))) }
        let bits = size.trailingZeroBitCount
        reversed = (0..<size).map { index in
            var value = 0
            for bit in 0..<bits where index & (1 << bit) != 0 { value |= 1 << (bits - 1 - bit) }
            return value
        }
    }

    /// `|X[k]|²` for k in 0…size/2 of `frame` zero-padded to `size`.
    func power(of frame: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) {
        var real = [Float](repeating: 0, count: size)
        var imaginary = [Float](repeating: 0, count: size)
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                reversed.withUnsafeBufferPointer { order in
                    for index in 0..<min(frame.count, size) { re[order[index]] = frame[index] }
                }
                cosines.withUnsafeBufferPointer { cosTable in
                    sines.withUnsafeBufferPointer { sinTable in
                        var span = 2
                        while span <= size {
                            let half = span / 2
                            let step = size / span
                            var start = 0
                            while start < size {
                                for offset in 0..<half {
                                    let wr = cosTable[offset * step]
                                    let wi = sinTable[offset * step]
                                    let a = start + offset
                                    let b = a + half
                                    let tr = re[b] * wr - im[b] * wi
                                    let ti = re[b] * wi + im[b] * wr
                                    re[b] = re[a] - tr
                                    im[b] = im[a] - ti
                                    re[a] += tr
                                    im[a] += ti
                                }
                                start += span
                            }
                            span *= 2
                        }
                    }
                }
                for bin in 0...size / 2 { output[bin] = re[bin] * re[bin] + im[bin] * im[bin] }
            }
        }
    }
}
