#ifndef SPID_KERNELS_H
#define SPID_KERNELS_H

/// The speaker encoder's matrix products, in C so that they use the CPU's vector units (AVX2 and
/// FMA when present, chosen at run time; SSE otherwise) and stay fast in debug builds.
///
/// c[i * c_row + j * c_column] (+)= sum over k < depth of a[i * a_row + k] * b[j * b_row + k],
/// for i < rows and j < columns; added to c when `accumulate` is non-zero, stored otherwise.
void spid_row_products(const float *a, long rows, long a_row, const float *b, long columns, long b_row, long depth,
                       float *c, long c_row, long c_column, int accumulate);

/// One step of an LSTM cell for `hidden` units: `gates` holds the pre-activations of the input,
/// forget, cell and output gates (`hidden` each, in that order); `c` and `h` are updated in place.
/// Vectorised with AVX2 when present; within 1e-6 of the scalar formula.
void spid_lstm_cell(const float *gates, float *c, float *h, long hidden);

/// Whether spid_row_products uses AVX2 and FMA on this CPU.
int spid_kernels_use_avx2(void);

#endif
