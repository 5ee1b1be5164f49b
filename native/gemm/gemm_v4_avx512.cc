// native/gemm/gemm_v4_avx512.cc
// v4 = v3 with an AVX-512 micro-kernel: a 14x32 register tile (28 zmm accumulators, 2 for the row
// of B, 1 for the broadcast of A; 14x16 for f64). Same packed gemm (gemm_packed.h), same fixed
// blocks, same scalar edges: the step is only the register width, twice the lanes per FMA, and a
// larger tile (each loaded B vector now feeds 14 FMAs instead of 6, each broadcast 2).
// Measured (bench/results/gemm.json, 1 thread): 166 GFLOP/s at 1024 and 179 at 2048, 1.7x v3 and
// 1.6x OpenBLAS, 74% of the FMA peak; on the training shapes only 113-159 (47-66%): packing and
// full-size edge tiles (m = 32 computes 42 rows) cost as much as the multiply there.
#define TS_GEMM_ISA_AVX512
#include "gemm_packed.h"

namespace {

struct Avx512 {
  static constexpr int MR = 14, NV = 2;
  static constexpr bool kExactEdges = false, kPrefetch = false, kInPlace = false, kVectorPack = false, kSharedB = false;
  static packed::Blocks blocks(int) { return {140, 256, 4096}; }
};

template <typename T>
int run(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a, int64_t lda, const void *b,
        int64_t ldb, double beta, void *c, int64_t ldc) {
  return packed::Gemm<T, Avx512>::run({ta, tb, m, n, k, (T)alpha, (const T *)a, lda, (const T *)b, ldb, (T)beta, (T *)c, ldc}, 1);
}

}  // namespace

namespace ts {

// Arguments already checked by ts_gemm (gemm.cc), which also splits C across threads.
int gemm_v4_avx512(int dtype, bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
                   int64_t lda, const void *b, int64_t ldb, double beta, void *c, int64_t ldc) {
  return dtype == TS_F64 ? run<double>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                         : run<float>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace ts
