// native/gemm/gemm_v3_packed_avx2.cc
// v3 = v2 + op(A) and op(B) packed into contiguous panels + a 6x16 AVX2/FMA register tile (12 ymm
// accumulators; 6x8 for f64). The BLIS loop order: a KC x NC panel of B and an MC x KC block of A
// are copied, once per block, into the order the micro-kernel reads them (which also absorbs the
// four transposition cases and any lda/ldb), and the micro-kernel keeps its tile of C in registers
// for the whole KC loop, loading per step one row of B (2 vectors) and broadcasting 6 values of A.
// Why: v2 loaded and stored C on every multiply-add and read B with strides; here C is touched once
// per KC block and every load feeds 2-12 FMAs. Edge tiles are computed in full and added to C by a
// scalar loop; packing is element by element; fixed blocks (MC 144, KC 256, NC 4096); one thread per
// block of C (gemm.cc splits C). The packed gemm itself is gemm_packed.h, shared with v4 and v5.
// Measured (bench/results/gemm.json, 1 thread; the whole ladder is in bench/README.md): 98.6 GFLOP/s
// at 1024, 5.6x v2 and 0.95x OpenBLAS (whose Haswell kernels, AVX2 too, it now matches); 41% of the
// FMA peak, of the 50% that 256-bit vectors allow on this AVX-512 core.
#define TS_GEMM_ISA_AVX2
#include "gemm_packed.h"

namespace {

struct Avx2 {
  static constexpr int MR = 6, NV = 2;
  static constexpr bool kExactEdges = false, kPrefetch = false, kInPlace = false, kVectorPack = false, kSharedB = false;
  static packed::Blocks blocks(int) { return {144, 256, 4096}; }
};

template <typename T>
int run(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a, int64_t lda, const void *b,
        int64_t ldb, double beta, void *c, int64_t ldc) {
  return packed::Gemm<T, Avx2>::run({ta, tb, m, n, k, (T)alpha, (const T *)a, lda, (const T *)b, ldb, (T)beta, (T *)c, ldc}, 1);
}

}  // namespace

namespace ts {

// Arguments already checked by ts_gemm (gemm.cc), which also splits C across threads.
int gemm_v3_packed_avx2(int dtype, bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
                        int64_t lda, const void *b, int64_t ldb, double beta, void *c, int64_t ldc) {
  return dtype == TS_F64 ? run<double>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
                         : run<float>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace ts
