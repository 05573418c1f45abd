import Testing

@testable import SpeakerEngines

/// The C matrix products against a plain double-precision sum, on the shapes the encoder uses
/// and on their edges: one column (a single window), odd columns and rows, and a depth that
/// only the SSE path takes.
@Suite struct KernelsTests {
    @Test(arguments: [
        (1024, 10, 256), (1024, 1, 256), (1024, 5, 256), (7, 5, 32), (13, 9, 48), (256, 3, 40), (9, 1, 12), (4, 3, 4), (3, 2, 7),
    ])
    func productsMatchAPlainSum(_ shape: (rows: Int, columns: Int, depth: Int)) {
        var generator = SeededRandom(seed: UInt64(shape.rows * 1000 + shape.columns * 10 + shape.depth))
        let a = (0..<shape.rows * shape.depth).map { _ in Float(Double(generator.next() % 1_000_000) / 1_000_000 - 0.5) }
        let b = (0..<shape.columns * shape.depth).map { _ in Float(Double(generator.next() % 1_000_000) / 1_000_000 - 0.5) }
        var c = [Float](repeating: 1, count: shape.rows * shape.columns)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    Kernels.rowProducts(
                        a.baseAddress!, rows: shape.rows, aRow: shape.depth, b.baseAddress!, columns: shape.columns, bRow: shape.depth,
                        depth: shape.depth, into: c.baseAddress!, cRow: 1, cColumn: shape.rows, accumulate: true)
                }
            }
        }
        var worst = 0.0
        for i in 0..<shape.rows {
            for j in 0..<shape.columns {
                var sum = 1.0
                for k in 0..<shape.depth { sum += Double(a[i * shape.depth + k]) * Double(b[j * shape.depth + k]) }
                worst = max(worst, abs(sum - Double(c[i + j * shape.rows])))
            }
        }
        #expect(worst < 1e-4, "worst difference \(worst)")
    }
}
