#include "spid_kernels.h"

#include <math.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SPID_X86 1
#endif

static inline void put(float *c, long index, float value, int accumulate) {
    if (accumulate) c[index] += value; else c[index] = value;
}

static float dot_scalar(const float *a, const float *b, long depth) {
    float sum = 0;
    for (long k = 0; k < depth; k++) sum += a[k] * b[k];
    return sum;
}

/// Any size, any CPU: the reference the vector versions agree with.
static void products_scalar(const float *a, long rows, long a_row, const float *b, long columns, long b_row, long depth,
                            float *c, long c_row, long c_column, int accumulate) {
    for (long i = 0; i < rows; i++)
        for (long j = 0; j < columns; j++)
            put(c, i * c_row + j * c_column, dot_scalar(a + i * a_row, b + j * b_row, depth), accumulate);
}


static inline float sigmoid_scalar(float x) { return 1 / (1 + expf(-x)); }
static inline float tanh_scalar(float x) { return 2 / (1 + expf(-2 * x)) - 1; }

/// Any CPU: one LSTM cell update per unit, libm's expf.
static void lstm_cell_scalar(const float *gates, float *c, float *h, long hidden) {
    for (long unit = 0; unit < hidden; unit++) {
        float input = sigmoid_scalar(gates[unit]), forget = sigmoid_scalar(gates[hidden + unit]);
        float candidate = tanh_scalar(gates[2 * hidden + unit]), output = sigmoid_scalar(gates[3 * hidden + unit]);
        float cell = forget * c[unit] + input * candidate;
        c[unit] = cell;
        h[unit] = output * tanh_scalar(cell);
    }
}

#ifdef SPID_X86

static inline float sum128(__m128 v) {
    __m128 high = _mm_movehl_ps(v, v);
    __m128 pair = _mm_add_ps(v, high);
    __m128 odd = _mm_shuffle_ps(pair, pair, 0x55);
    return _mm_cvtss_f32(_mm_add_ss(pair, odd));
}

/// SSE (every x86-64): four rows of a by two of b per pass, depth a multiple of 4.
static void products_sse(const float *a, long rows, long a_row, const float *b, long columns, long b_row, long depth,
                         float *c, long c_row, long c_column, int accumulate) {
    long i = 0;
    for (; i + 4 <= rows; i += 4) {
        const float *a0 = a + i * a_row, *a1 = a0 + a_row, *a2 = a1 + a_row, *a3 = a2 + a_row;
        long j = 0;
        for (; j + 2 <= columns; j += 2) {
            const float *b0 = b + j * b_row, *b1 = b0 + b_row;
            __m128 s00 = _mm_setzero_ps(), s01 = _mm_setzero_ps(), s10 = _mm_setzero_ps(), s11 = _mm_setzero_ps();
            __m128 s20 = _mm_setzero_ps(), s21 = _mm_setzero_ps(), s30 = _mm_setzero_ps(), s31 = _mm_setzero_ps();
            for (long k = 0; k < depth; k += 4) {
                __m128 x0 = _mm_loadu_ps(b0 + k), x1 = _mm_loadu_ps(b1 + k), w;
                w = _mm_loadu_ps(a0 + k); s00 = _mm_add_ps(s00, _mm_mul_ps(w, x0)); s01 = _mm_add_ps(s01, _mm_mul_ps(w, x1));
                w = _mm_loadu_ps(a1 + k); s10 = _mm_add_ps(s10, _mm_mul_ps(w, x0)); s11 = _mm_add_ps(s11, _mm_mul_ps(w, x1));
                w = _mm_loadu_ps(a2 + k); s20 = _mm_add_ps(s20, _mm_mul_ps(w, x0)); s21 = _mm_add_ps(s21, _mm_mul_ps(w, x1));
                w = _mm_loadu_ps(a3 + k); s30 = _mm_add_ps(s30, _mm_mul_ps(w, x0)); s31 = _mm_add_ps(s31, _mm_mul_ps(w, x1));
            }
            put(c, i * c_row + j * c_column, sum128(s00), accumulate);
            put(c, i * c_row + (j + 1) * c_column, sum128(s01), accumulate);
            put(c, (i + 1) * c_row + j * c_column, sum128(s10), accumulate);
            put(c, (i + 1) * c_row + (j + 1) * c_column, sum128(s11), accumulate);
            put(c, (i + 2) * c_row + j * c_column, sum128(s20), accumulate);
            put(c, (i + 2) * c_row + (j + 1) * c_column, sum128(s21), accumulate);
            put(c, (i + 3) * c_row + j * c_column, sum128(s30), accumulate);
            put(c, (i + 3) * c_row + (j + 1) * c_column, sum128(s31), accumulate);
        }
        if (j < columns) {  // the last, odd column: one matrix-vector pass
            const float *b0 = b + j * b_row;
            __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps(), s2 = _mm_setzero_ps(), s3 = _mm_setzero_ps();
            for (long k = 0; k < depth; k += 4) {
                __m128 x0 = _mm_loadu_ps(b0 + k);
                s0 = _mm_add_ps(s0, _mm_mul_ps(_mm_loadu_ps(a0 + k), x0));
                s1 = _mm_add_ps(s1, _mm_mul_ps(_mm_loadu_ps(a1 + k), x0));
                s2 = _mm_add_ps(s2, _mm_mul_ps(_mm_loadu_ps(a2 + k), x0));
                s3 = _mm_add_ps(s3, _mm_mul_ps(_mm_loadu_ps(a3 + k), x0));
            }
            put(c, i * c_row + j * c_column, sum128(s0), accumulate);
            put(c, (i + 1) * c_row + j * c_column, sum128(s1), accumulate);
            put(c, (i + 2) * c_row + j * c_column, sum128(s2), accumulate);
            put(c, (i + 3) * c_row + j * c_column, sum128(s3), accumulate);
        }
    }
    if (i < rows) products_scalar(a + i * a_row, rows - i, a_row, b, columns, b_row, depth, c + i * c_row, c_row, c_column, accumulate);
}

__attribute__((target("avx2,fma"))) static inline float sum256(__m256 v) {
    return sum128(_mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1)));
}

/// AVX2 with FMA: the same blocking, eight lanes, depth a multiple of 8.
__attribute__((target("avx2,fma")))
static void products_avx2(const float *a, long rows, long a_row, const float *b, long columns, long b_row, long depth,
                          float *c, long c_row, long c_column, int accumulate) {
    long i = 0;
    for (; i + 4 <= rows; i += 4) {
        const float *a0 = a + i * a_row, *a1 = a0 + a_row, *a2 = a1 + a_row, *a3 = a2 + a_row;
        long j = 0;
        for (; j + 2 <= columns; j += 2) {
            const float *b0 = b + j * b_row, *b1 = b0 + b_row;
            __m256 s00 = _mm256_setzero_ps(), s01 = _mm256_setzero_ps(), s10 = _mm256_setzero_ps(), s11 = _mm256_setzero_ps();
            __m256 s20 = _mm256_setzero_ps(), s21 = _mm256_setzero_ps(), s30 = _mm256_setzero_ps(), s31 = _mm256_setzero_ps();
            for (long k = 0; k < depth; k += 8) {
                __m256 x0 = _mm256_loadu_ps(b0 + k), x1 = _mm256_loadu_ps(b1 + k), w;
                w = _mm256_loadu_ps(a0 + k); s00 = _mm256_fmadd_ps(w, x0, s00); s01 = _mm256_fmadd_ps(w, x1, s01);
                w = _mm256_loadu_ps(a1 + k); s10 = _mm256_fmadd_ps(w, x0, s10); s11 = _mm256_fmadd_ps(w, x1, s11);
                w = _mm256_loadu_ps(a2 + k); s20 = _mm256_fmadd_ps(w, x0, s20); s21 = _mm256_fmadd_ps(w, x1, s21);
                w = _mm256_loadu_ps(a3 + k); s30 = _mm256_fmadd_ps(w, x0, s30); s31 = _mm256_fmadd_ps(w, x1, s31);
            }
            put(c, i * c_row + j * c_column, sum256(s00), accumulate);
            put(c, i * c_row + (j + 1) * c_column, sum256(s01), accumulate);
            put(c, (i + 1) * c_row + j * c_column, sum256(s10), accumulate);
            put(c, (i + 1) * c_row + (j + 1) * c_column, sum256(s11), accumulate);
            put(c, (i + 2) * c_row + j * c_column, sum256(s20), accumulate);
            put(c, (i + 2) * c_row + (j + 1) * c_column, sum256(s21), accumulate);
            put(c, (i + 3) * c_row + j * c_column, sum256(s30), accumulate);
            put(c, (i + 3) * c_row + (j + 1) * c_column, sum256(s31), accumulate);
        }
        if (j < columns) {  // the last, odd column: one matrix-vector pass (a single window lands here)
            const float *b0 = b + j * b_row;
            __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
            for (long k = 0; k < depth; k += 8) {
                __m256 x0 = _mm256_loadu_ps(b0 + k);
                s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a0 + k), x0, s0);
                s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a1 + k), x0, s1);
                s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a2 + k), x0, s2);
                s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a3 + k), x0, s3);
            }
            put(c, i * c_row + j * c_column, sum256(s0), accumulate);
            put(c, (i + 1) * c_row + j * c_column, sum256(s1), accumulate);
            put(c, (i + 2) * c_row + j * c_column, sum256(s2), accumulate);
            put(c, (i + 3) * c_row + j * c_column, sum256(s3), accumulate);
        }
    }
    if (i < rows) products_sse(a + i * a_row, rows - i, a_row, b, columns, b_row, depth, c + i * c_row, c_row, c_column, accumulate);
}


/// e^x for eight lanes: x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by Cephes' degree-6 polynomial,
/// 2^n through the exponent bits. Relative error about 2e-7 (libm's expf: 1e-7); x is clamped
/// to ±88, where e^x is still a normal float.
__attribute__((target("avx2,fma"))) static inline __m256 exp256(__m256 x) {
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.3f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    __m256i scale = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(scale));
}

__attribute__((target("avx2,fma"))) static inline __m256 sigmoid256(__m256 x) {
    __m256 one = _mm256_set1_ps(1.0f);
    return _mm256_div_ps(one, _mm256_add_ps(one, exp256(_mm256_sub_ps(_mm256_setzero_ps(), x))));
}

__attribute__((target("avx2,fma"))) static inline __m256 tanh256(__m256 x) {
    __m256 one = _mm256_set1_ps(1.0f);
    __m256 e = exp256(_mm256_mul_ps(x, _mm256_set1_ps(-2.0f)));
    return _mm256_sub_ps(_mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(one, e)), one);
}

/// AVX2 with FMA: eight units at a time, hidden a multiple of 8.
__attribute__((target("avx2,fma"))) static void lstm_cell_avx2(const float *gates, float *c, float *h, long hidden) {
    for (long unit = 0; unit < hidden; unit += 8) {
        __m256 input = sigmoid256(_mm256_loadu_ps(gates + unit));
        __m256 forget = sigmoid256(_mm256_loadu_ps(gates + hidden + unit));
        __m256 candidate = tanh256(_mm256_loadu_ps(gates + 2 * hidden + unit));
        __m256 output = sigmoid256(_mm256_loadu_ps(gates + 3 * hidden + unit));
        __m256 cell = _mm256_fmadd_ps(forget, _mm256_loadu_ps(c + unit), _mm256_mul_ps(input, candidate));
        _mm256_storeu_ps(c + unit, cell);
        _mm256_storeu_ps(h + unit, _mm256_mul_ps(output, tanh256(cell)));
    }
}

int spid_kernels_use_avx2(void) {
    // Threads may race to fill it in; they all store the same answer.
    static _Atomic int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return known;
}

void spid_row_products(const float *a, long rows, long a_row, const float *b, long columns, long b_row, long depth,
                       float *c, long c_row, long c_column, int accumulate) {
    if (depth % 8 == 0 && spid_kernels_use_avx2())
        products_avx2(a, rows, a_row, b, columns, b_row, depth, c, c_row, c_column, accumulate);
    else if (depth % 4 == 0)
        products_sse(a, rows, a_row, b, columns, b_row, depth, c, c_row, c_column, accumulate);
    else
        products_scalar(a, rows, a_row, b, columns, b_row, depth, c, c_row, c_column, accumulate);
}

void spid_lstm_cell(const float *gates, float *c, float *h, long hidden) {
    if (hidden % 8 == 0 && spid_kernels_use_avx2())
        lstm_cell_avx2(gates, c, h, hidden);
    else
        lstm_cell_scalar(gates, c, h, hidden);
}

#else

int spid_kernels_use_avx2(void) { return 0; }

void spid_lstm_cell(const float *gates, float *c, float *h, long hidden) { lstm_cell_scalar(gates, c, h, hidden); }

void spid_row_products(const float *a, long rows, long a_row, const float *b, long columns, long b_row, long depth,
                       float *c, long c_row, long c_column, int accumulate) {
    products_scalar(a, rows, a_row, b, columns, b_row, depth, c, c_row, c_column, accumulate);
}

#endif
