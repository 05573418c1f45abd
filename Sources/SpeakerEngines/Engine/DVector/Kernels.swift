import CSpidKernels
import Foundation

/// The speaker encoder's arithmetic: matrix products in C (`spid_kernels.c`, AVX2 and FMA when
/// the CPU has them, SSE otherwise) and the LSTM cell's non-linearities (AVX2 when present).
enum Kernels {
    /// `c[i·cRow + j·cColumn] (+)= Σₖ a[i·aRow + k]·b[j·bRow + k]` for `i < rows`, `j < columns`.
    @inline(__always)
    static func rowProducts(
        _ a: UnsafePointer<Float>, rows: Int, aRow: Int, _ b: UnsafePointer<Float>, columns: Int, bRow: Int, depth: Int,
        into c: UnsafeMutablePointer<Float>, cRow: Int, cColumn: Int, accumulate: Bool
    ) {
        spid_row_products(a, rows, aRow, b, columns, bRow, depth, c, cRow, cColumn, accumulate ? 1 : 0)
    }

    /// One LSTM step for `units` units: `gates` holds the input, forget, cell and output gates'
    /// pre-activations; `cell` and `hidden` are updated in place.
    @inline(__always)
    static func lstmCell(gates: UnsafePointer<Float>, cell: UnsafeMutablePointer<Float>, hidden: UnsafeMutablePointer<Float>, units: Int) {
        spid_lstm_cell(gates, cell, hidden, units)
    }
}
