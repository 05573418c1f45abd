import Foundation
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

    /// The vectorised LSTM cell against the formula in double precision, across the range the
    /// gates take and past it (where e^x would overflow a float), for a width the vector path
    /// takes (256) and one only the scalar path takes (12).
    @Test(arguments: [256, 12])
    func theLSTMCellMatchesItsFormula(units: Int) {
        var generator = SeededRandom(seed: UInt64(units))
        let extremes: [Float] = [0, -0.0, 1e-8, -1e-8, 20, -20, 87, -87, 100, -100, 1e30, -1e30]
        let gates = (0..<4 * units).map { index in
            index < extremes.count ? extremes[index] : Float(Double(generator.next() % 2_000_000) / 100_000 - 10)
        }
        let previous = (0..<units).map { index in
            index < extremes.count ? extremes[extremes.count - 1 - index] / 1e28 : Float(Double(generator.next() % 2_000_000) / 200_000 - 5)
        }
        var cell = previous
        var hidden = [Float](repeating: .nan, count: units)
        gates.withUnsafeBufferPointer { gates in
            cell.withUnsafeMutableBufferPointer { cell in
                hidden.withUnsafeMutableBufferPointer { hidden in
                    Kernels.lstmCell(gates: gates.baseAddress!, cell: cell.baseAddress!, hidden: hidden.baseAddress!, units: units)
                }
            }
        }
        func sigmoid(_ x: Float) -> Double { 1 / (1 + Foundation.exp(-Double(x))) }
        var worst = 0.0
        for unit in 0..<units {
            let expectedCell =
                sigmoid(gates[units + unit]) * Double(previous[unit]) + sigmoid(gates[unit])
                * Foundation.tanh(Double(gates[2 * units + unit]))
            let expectedHidden = sigmoid(gates[3 * units + unit]) * Foundation.tanh(expectedCell)
            #expect(cell[unit].isFinite && hidden[unit].isFinite, "unit \(unit): \(cell[unit]), \(hidden[unit])")
            worst = max(
                worst, abs(Double(cell[unit]) - expectedCell) / max(1, abs(expectedCell)), abs(Double(hidden[unit]) - expectedHidden))
        }
        #expect(worst < 1e-6, "worst difference \(worst)")
    }
}
