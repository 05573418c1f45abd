import Foundation

/// The inner loops of the speaker encoder, on SIMD registers.
enum Kernels {
    /// `Σ a[i]·b[i]` over `count` floats.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var sum0 = SIMD8<Float>(), sum1 = SIMD8<Float>()
        var index = 0
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        while index + 16 <= count {
            let offset = index * 4
            sum0.addProduct(rawA.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self),
                            rawB.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self))
            sum1.addProduct(rawA.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self),
                            rawB.loadUnaligned(fromByteOffset: offset + 32, as: SIMD8<Float>.self))
            index += 16
        }
        while index + 8 <= count {
            sum0.addProduct(rawA.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self),
                            rawB.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self))
            index += 8
        }
        var total = (sum0 + sum1).sum()
        while index < count {
            total += a[index] * b[index]
            index += 1
        }
        return total
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: [Float], _ count: Int) -> Float {
        b.withUnsafeBufferPointer { dot(a, $0.baseAddress!, count) }
    }

    @inline(__always)
    static func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }
}
