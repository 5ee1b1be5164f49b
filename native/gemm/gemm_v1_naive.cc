// native/gemm/gemm_v1_naive.cc
// v1 = the definition, C(i, j) = alpha * sum_p op(A)(i, p) * op(B)(p, j) + beta * C(i, j): one dot
// product per element of C in the textbook i-j-p order. It is the readable reference the other
// versions are checked against, and the floor of the ladder: the inner loop walks a column of
// op(B), one cache line per multiply-add once B no longer fits in cache.
// Measured (bench/results/gemm.json, 1 thread): 0.6 GFLOP/s at 1024 (0.01x OpenBLAS), 2-5 GFLOP/s on
// the training shapes; 2048 and up would take over 30 s a call and are skipped by the runner.
#include "internal.h"
#include "tessera/common.h"

namespace {

template <typename T>
int naive(bool ta, bool tb, int64_t m, int64_t n, int64_t k, T alpha, const T *a, int64_t lda, const T *b, int64_t ldb,
          T beta, T *c, int64_t ldc) {
  for (int64_t i = 0; i < m; i++)
    for (int64_t j = 0; j < n; j++) {
      T sum = 0;
      for (int64_t p = 0; p < k; p++) {
        T aip = ta ? a[p * lda + i] : a[i * lda + p];
        T bpj = tb ? b[j * ldb + p] : b[p * ldb + j];
        sum += aip * bpj;
      }
      T &cij = c[i * ldc + j];
      cij = alpha * sum + (beta == T(0) ? T(0) : beta * cij);  // beta == 0 overwrites (NaN in C too)
    }
  return TS_OK;
}

}  // namespace

namespace ts {

// Arguments already checked by ts_gemm (gemm.cc).
int gemm_v1_naive(int dtype, bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a, int64_t lda,
                  const void *b, int64_t ldb, double beta, void *c, int64_t ldc) {
  if (dtype == TS_F64)
    return naive<double>(ta, tb, m, n, k, alpha, (const double *)a, lda, (const double *)b, ldb, beta, (double *)c, ldc);
  return naive<float>(ta, tb, m, n, k, (float)alpha, (const float *)a, lda, (const float *)b, ldb, (float)beta, (float *)c, ldc);
}

}  // namespace ts
