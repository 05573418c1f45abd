import CSpidKernels
import Foundation

/// The speaker encoder's arithmetic: matrix products in C (`spid_kernels.c`, AVX2 and FMA when
/// the CPU has them, SSE otherwise), the gates' non-linearities here.
enum Kernels {
    /// `c[i·cRow + j·cColumn] (+)= Σₖ a[i·aRow + k]·b[j·bRow + k]` for `i < rows`, `j < columns`.
    @inline(__always)
    static func rowProducts(
        _ a: UnsafePointer<Float>, rows: Int, aRow: Int, _ b: UnsafePointer<Float>, columns: Int, bRow: Int, depth: Int,
        into c: UnsafeMutablePointer<Float>, cRow: Int, cColumn: Int, accumulate: Bool
    ) {
        spid_row_products(a, rows, aRow, b, columns, bRow, depth, c, cRow, cColumn, accumulate ? 1 : 0)
    }

    @inline(__always)
    static func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

    /// `tanh` through `expf`, several times faster than libm's `tanhf` (which goes through
    /// `expm1f`); the absolute error stays near 1e-7, and ±1 is reached for large |x|.
    @inline(__always)
    static func tanh(_ x: Float) -> Float { 2 / (1 + expf(-2 * x)) - 1 }
}
