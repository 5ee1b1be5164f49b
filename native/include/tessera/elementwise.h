/* elementwise.h: unary and binary elementwise kernels, casts/strided copies and where.
 * Each comes in a contiguous form (n elements, all operands dense and same length) and a strided
 * form (see the meta convention in common.h) that also covers broadcasting (stride 0). */
#ifndef TESSERA_ELEMENTWISE_H
#define TESSERA_ELEMENTWISE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Unary ops. alpha/beta: LEAKY_RELU slope = alpha; ELU alpha = alpha; CLAMP min = alpha,
 * max = beta (either may be +-inf; NaN passes through). Integer dtypes support NEG, ABS, SIGN,
 * RELU and CLAMP; the others need F32/F64 (TS_ERR_UNSUPPORTED otherwise). GELU is the exact
 * erf form. Output dtype == input dtype. */
#define TS_NEG 0
#define TS_ABS 1
#define TS_EXP 2
#define TS_LOG 3
#define TS_SQRT 4
#define TS_RSQRT 5
#define TS_SIGMOID 6
#define TS_TANH 7
#define TS_RELU 8
#define TS_LEAKY_RELU 9
#define TS_ELU 10
#define TS_GELU 11
#define TS_SOFTPLUS 12
#define TS_SIN 13
#define TS_COS 14
#define TS_SIGN 15
#define TS_CLAMP 16
#define TS_UNARY_COUNT 17

const char *ts_unary_name(int op); /* "neg", ... or NULL */
int ts_unary_contig(int op, int dtype, int64_t n, const void *x, void *out, double alpha, double beta);
/* meta: shape, x strides, out strides */
int ts_unary_strided(int op, int dtype, int ndim, const int64_t *meta, const void *x, void *out,
                     double alpha, double beta);

/* Binary ops; both inputs have `dtype`. Arithmetic writes `dtype`, comparisons (EQ..GE) write
 * TS_BOOL. Integer DIV is not offered (callers promote to float); integer POW is exact with a
 * negative exponent giving 0 unless the base is +-1. BOOL supports ADD (or), MUL (and),
 * MAXIMUM (or), MINIMUM (and) and the comparisons. */
#define TS_ADD 0
#define TS_SUB 1
#define TS_MUL 2
#define TS_DIV 3
#define TS_POW 4
#define TS_MAXIMUM 5
#define TS_MINIMUM 6
#define TS_EQ 7
#define TS_NE 8
#define TS_LT 9
#define TS_LE 10
#define TS_GT 11
#define TS_GE 12
#define TS_BINARY_COUNT 13

const char *ts_binary_name(int op);
int ts_binary_contig(int op, int dtype, int64_t n, const void *a, const void *b, void *out);
/* meta: shape, a strides, b strides, out strides */
int ts_binary_strided(int op, int dtype, int ndim, const int64_t *meta, const void *a,
                      const void *b, void *out);

/* Strided copy with conversion (src_dtype == dst_dtype is a plain strided copy).
 * Float -> int truncates toward zero; anything -> BOOL is (x != 0). meta: shape, src, dst. */
int ts_copy_strided(int src_dtype, int dst_dtype, int ndim, const int64_t *meta, const void *src,
                    void *dst);

/* out = cond ? a : b; cond is TS_BOOL, a/b/out are `dtype`. meta: shape, cond, a, b, out. */
int ts_where_strided(int dtype, int ndim, const int64_t *meta, const void *cond, const void *a,
                     const void *b, void *out);

#ifdef __cplusplus
}
#endif
#endif
