// native/gemm/gemm_v2_blocked.cc
// v2 = v1 in the i-p-j order, tiled: for a tile of rows of C, a block of depth and a block of
// columns, row i of C gains alpha * op(A)(i, p) * row p of op(B). The inner loop now runs along rows
// of B and C (unit stride: the compiler vectorises it for the baseline instruction set, SSE2), and
// the KB x NB block of B is reused from cache by every row of the tile. Still no packing: a
// transposed B is read down its columns, and C is loaded and stored on every p.
// Measured (bench/results/gemm.json, 1 thread): 17.5 GFLOP/s at 1024, 29x v1 but 0.17x OpenBLAS and
// 7% of the FMA peak: each multiply-add costs a load and a store of C.
#include <algorithm>

#include "internal.h"
#include "tessera/common.h"

namespace {

constexpr int64_t MB = 64;   // rows of C per tile
constexpr int64_t KB = 256;  // depth per block: KB rows of the B block
constexpr int64_t NB = 512;  // columns per block: a KB x NB block of B is 512 KB of f32 (L2)

template <typename T>
int blocked(bool ta, bool tb, int64_t m, int64_t n, int64_t k, T alpha, const T *a, int64_t lda, const T *b,
            int64_t ldb, T beta, T *c, int64_t ldc) {
  for (int64_t i = 0; i < m; i++)
    for (int64_t j = 0; j < n; j++) c[i * ldc + j] = beta == T(0) ? T(0) : beta * c[i * ldc + j];
  if (alpha == T(0)) return TS_OK;
  for (int64_t jj = 0; jj < n; jj += NB) {
    const int64_t j1 = std::min(n, jj + NB);
    for (int64_t pp = 0; pp < k; pp += KB) {
      const int64_t p1 = std::min(k, pp + KB);
      for (int64_t ii = 0; ii < m; ii += MB) {
        const int64_t i1 = std::min(m, ii + MB);
        for (int64_t i = ii; i < i1; i++) {
          T *ci = c + i * ldc;
          for (int64_t p = pp; p < p1; p++) {
            const T aip = alpha * (ta ? a[p * lda + i] : a[i * lda + p]);
            if (!tb) {
              const T *bp = b + p * ldb;
              for (int64_t j = jj; j < j1; j++) ci[j] += aip * bp[j];
            } else {
              for (int64_t j = jj; j < j1; j++) ci[j] += aip * b[j * ldb + p];
            }
          }
        }
      }
    }
  }
  return TS_OK;
}

}  // namespace

namespace ts {

// Arguments already checked by ts_gemm (gemm.cc).
int gemm_v2_blocked(int dtype, bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
                    int64_t lda, const void *b, int64_t ldb, double beta, void *c, int64_t ldc) {
  if (dtype == TS_F64)
    return blocked<double>(ta, tb, m, n, k, alpha, (const double *)a, lda, (const double *)b, ldb, beta, (double *)c, ldc);
  return blocked<float>(ta, tb, m, n, k, (float)alpha, (const float *)a, lda, (const float *)b, ldb, (float)beta,
                        (float *)c, ldc);
}

}  // namespace ts
