/* gemm.h: our own matrix-multiply kernels. C = alpha * op(A) * op(B) + beta * C, row-major,
 * op(X) = X or X^T. Version 0 (OpenBLAS) is called from Java through the OpenBLAS presets;
 * versions >= 1 live here, one file each in native/gemm/. */
#ifndef TESSERA_GEMM_H
#define TESSERA_GEMM_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Number of native versions (versions 1..count are valid). */
int ts_gemm_version_count(void);
/* Name of a native version ("naive", "blocked", ...), NULL for an unknown one. */
const char *ts_gemm_version_name(int version);
/* CPU features (TS_CPU_* bits) a version needs; -1 for an unknown version. */
int64_t ts_gemm_version_features(int version);
/* The version to use on this CPU: the newest one it has the features for. Every native caller of
 * ts_gemm (conv, ...) asks this instead of naming a version. */
int ts_gemm_default_version(void);

/* The kernel family OpenBLAS (version 0) picked for this CPU, e.g. "Haswell" or "SkylakeX" (it sets
 * how fast the reference is), or NULL while OpenBLAS is not loaded. OPENBLAS_CORETYPE overrides it. */
const char *ts_gemm_openblas_core(void);

/* dtype is TS_F32 or TS_F64. lda/ldb/ldc are row strides in elements. m, n or k may be 0. */
int ts_gemm(int version, int dtype, int trans_a, int trans_b, int64_t m, int64_t n, int64_t k,
            double alpha, const void *a, int64_t lda, const void *b, int64_t ldb, double beta,
            void *c, int64_t ldc);

#ifdef __cplusplus
}
#endif
#endif
