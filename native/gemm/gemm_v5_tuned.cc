// native/gemm/gemm_v5_tuned.cc
// v5 = v4 tuned for this CPU and for the small shapes of training, the same packed gemm
// (gemm_packed.h) with every refinement on:
//  - block sizes from the caches (sysconf): KC 384, MC 168, NC 2048 on a Zen 5 core (v4: 256, 140,
//    4096), k, m and n cut into equal blocks. Larger KC halves how often C is read and written.
//  - prefetching: the C tile one row per step of the first k steps (a burst of 28 prefetches
//    overflows the miss buffers), then the next A panel.
//  - exact edge tiles: the kernel instantiated for 1..14 rows and 1..2 vectors, stored with masks,
//    instead of a full tile and a scalar loop (m = 32 is 14 + 14 + 4 rows).
//  - operands read in place when they fit in L2 (and B is not transposed): for the training shapes
//    packing cost more than it saved (32x128x784: 1.6x faster with both in place).
//  - transposing packs (A not transposed, B transposed) in 16x16 register blocks (four rounds of
//    shuffles) instead of element by element: the forward product of a Linear layer, x·Wᵀ, packs Wᵀ.
//  - its own thread split (gemm.cc hands it the whole C): one plan for the whole product (so the
//    rounding never depends on the thread count), C split by rows or columns into whole register
//    tiles, whichever balances better; from 3 threads on, large products share one packed B.
//  - packing buffers kept per thread (and in huge pages when large) instead of allocated per call.
// Measured (bench/results/gemm.json): 1 thread 214 GFLOP/s at 2048 (88% of the FMA peak, 1.19x v4,
// 1.96x OpenBLAS), 210 at 4096; the training shapes 184-224 (76-92%, 1.2-1.9x v4, 1.9-3.2x
// OpenBLAS). 2 threads: 396-407 at 1024-4096 (82-84%), 301-419 on the training shapes. Against
// OpenBLAS's own AVX-512 kernels (OPENBLAS_CORETYPE=SkylakeX, bench/results/gemm-openblas-skylakex.md)
// it is even on the large sizes (0.97-1.09x) and ahead on the training shapes (1.2-2.4x).
#define TS_GEMM_ISA_AVX512
#include "gemm_packed.h"
#include "thread_pool.h"

namespace {

struct Tuned {
  static constexpr int MR = 14, NV = 2;
  static constexpr bool kExactEdges = true, kPrefetch = true, kInPlace = true, kVectorPack = true, kSharedB = true;
  static packed::Blocks blocks(int es) { return packed::blocks_from_caches(es, MR, NV * 64 / es); }
};

template <typename T>
int run(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a, int64_t lda, const void *b,
        int64_t ldb, double beta, void *c, int64_t ldc) {
  return packed::Gemm<T, Tuned>::run({ta, tb, m, n, k, (T)alpha, (const T *)a, lda, (const T *)b, ldb, (T)beta, (T *)c, ldc},
                                     ts::num_threads());
}

}  // namespace

namespace ts {

// Arguments already checked by ts_gemm (gemm.cc); this version splits C across threads itself.
int gemm_v5_tuned(int dtype, bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
                  int64_t lda, const void *b, int64_t ldb, double beta, void *c, int64_t ldc) {
  return dtype == TS_F64 ? run<double>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                         : run<float>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace ts
