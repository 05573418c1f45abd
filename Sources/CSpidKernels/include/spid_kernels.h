#ifndef SPID_KERNELS_H
#define SPID_KERNELS_H

/// The speaker encoder's matrix products, in C so that they use the CPU's vector units (AVX2 and
/// FMA when present, chosen at run time; SSE otherwise) and stay fast in debug builds.
///
/// c[i * c_row + j * c_column] (+)= sum over k < depth of a[i * a_row + k] * b[j * b_row + k],
/// for i < rows and j < columns; added to c when `accumulate` is non-zero, stored otherwise.
void spid_row_products(const float *a, long rows, long a_row, const float *b, long columns, long b_row, long depth,
                       float *c, long c_row, long c_column, int accumulate);

/// Whether spid_row_products uses AVX2 and FMA on this CPU.
int spid_kernels_use_avx2(void);

#endif
