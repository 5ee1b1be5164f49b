/* reduce.h: reductions and softmax along one axis of a contiguous [outer, n, inner] array.
 * Reducing several axes: the caller makes them adjacent (a permuted contiguous copy) first. */
#ifndef TESSERA_REDUCE_H
#define TESSERA_REDUCE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* out is contiguous [outer, inner]. Output dtype == input dtype, except ARGMAX/ARGMIN write
 * TS_I64. SUM/PROD/MAX/MIN/ARGMAX/ARGMIN accept every dtype but BOOL; MEAN, VAR, STD, LOGSUMEXP
 * and NORM need F32/F64. F32 sums accumulate in double. n == 0: SUM 0, PROD 1, MEAN NaN,
 * LOGSUMEXP -inf, NORM 0; MAX/MIN/ARGMAX/ARGMIN fail with TS_ERR_INVALID.
 * `param`: VAR/STD correction (1 = unbiased); NORM order p (p = +inf: max |x|, p = 0: count of
 * non-zeros, else (sum |x|^p)^(1/p)). MAX/MIN propagate NaN; ARGMAX/ARGMIN give the first
 * extreme index (NaN counts as the extreme). */
#define TS_SUM 0
#define TS_MEAN 1
#define TS_PROD 2
#define TS_MAX 3
#define TS_MIN 4
#define TS_ARGMAX 5
#define TS_ARGMIN 6
#define TS_VAR 7
#define TS_STD 8
#define TS_LOGSUMEXP 9
#define TS_NORM 10
#define TS_REDUCE_COUNT 11

const char *ts_reduce_name(int op);
int ts_reduce(int op, int dtype, int64_t outer, int64_t n, int64_t inner, const void *x, void *out,
              double param);

/* Numerically stable softmax (log = 0) or log_softmax (log = 1) along the middle axis; out has
 * the shape of x. F32/F64 only. */
int ts_softmax(int dtype, int64_t outer, int64_t n, int64_t inner, const void *x, void *out, int log);

#ifdef __cplusplus
}
#endif
#endif
