// native/gemm/gemm_v1_blocked.cc
// v1 = cache blocking in the BLIS loop order (NC columns of B, KC deep, MC rows of A), op(A) and
// op(B) packed into MR-row / NR-column panels (which also absorbs the four transposition cases and
// any lda/ldb), and an MR x NR register tile written with GCC vector extensions so the compiler
// emits the FMAs. Compiled three times (AVX-512, AVX2+FMA, baseline SSE2) and picked from cpuid.
// Single thread. C is scaled by beta once up front (beta == 0 overwrites, so NaN in C is dropped),
// then every tile adds alpha * A*B.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "internal.h"
#include "tessera/cpu.h"
#include "tessera/gemm.h"

namespace {

constexpr int64_t KC = 256;  // depth of a block: one B micro-panel (KC x NR) stays in L1
constexpr int64_t MC = 144;  // rows of A packed per block (in L2), a multiple of every MR
constexpr int64_t NC = 4096; // columns of B packed per block (in L3)

struct Free {
  void operator()(void *p) const { std::free(p); }
};

template <typename T>
T *aligned_buffer(int64_t count) {
  size_t bytes = ((size_t)count * sizeof(T) + 63) & ~(size_t)63;
  return static_cast<T *>(std::aligned_alloc(64, bytes ? bytes : 64));
}

// T vectors of VB bytes; NV of them make a row of the register tile (NR = NV * lanes).
template <typename T, int VB, int MR, int NV>
struct Blocked {
  typedef T V __attribute__((vector_size(VB)));
  static constexpr int L = VB / sizeof(T);
  static constexpr int NR = NV * L;

  static void micro(int64_t kc, const T *ap, const T *bp, T *c, int64_t ldc, T alpha, int mr, int nr) {
    V acc[MR][NV];
    for (int r = 0; r < MR; r++)
      for (int v = 0; v < NV; v++) acc[r][v] = V{};
    for (int64_t p = 0; p < kc; p++, ap += MR, bp += NR) {
      V b[NV];
      for (int v = 0; v < NV; v++) std::memcpy(&b[v], bp + v * L, VB);
      for (int r = 0; r < MR; r++) {
        T a = ap[r];
        for (int v = 0; v < NV; v++) acc[r][v] += a * b[v];
      }
    }
    if (mr == MR && nr == NR) {
      for (int r = 0; r < MR; r++)
        for (int v = 0; v < NV; v++) {
          V cv;
          std::memcpy(&cv, c + r * ldc + v * L, VB);
          cv += alpha * acc[r][v];
          std::memcpy(c + r * ldc + v * L, &cv, VB);
        }
    } else {
      T tile[MR][NR];
      std::memcpy(tile, acc, sizeof tile);
      for (int r = 0; r < mr; r++)
        for (int j = 0; j < nr; j++) c[r * ldc + j] += alpha * tile[r][j];
    }
  }

  // op(A)[i0.., p0..] as mc/MR panels of kc x MR, rows past mc zero.
  static void pack_a(bool ta, const T *a, int64_t lda, int64_t i0, int64_t p0, int64_t mc, int64_t kc, T *out) {
    for (int64_t ir = 0; ir < mc; ir += MR) {
      int64_t rows = std::min<int64_t>(MR, mc - ir);
      for (int64_t p = 0; p < kc; p++, out += MR) {
        for (int64_t r = 0; r < rows; r++) {
          int64_t i = i0 + ir + r, k = p0 + p;
          out[r] = ta ? a[k * lda + i] : a[i * lda + k];
        }
        for (int64_t r = rows; r < MR; r++) out[r] = 0;
      }
    }
  }

  // op(B)[p0.., j0..] as nc/NR panels of kc x NR, columns past nc zero.
  static void pack_b(bool tb, const T *b, int64_t ldb, int64_t p0, int64_t j0, int64_t kc, int64_t nc, T *out) {
    for (int64_t jr = 0; jr < nc; jr += NR) {
      int64_t cols = std::min<int64_t>(NR, nc - jr);
      for (int64_t p = 0; p < kc; p++, out += NR) {
        int64_t k = p0 + p;
        if (!tb) {
          const T *row = b + k * ldb + j0 + jr;
          for (int64_t j = 0; j < cols; j++) out[j] = row[j];
        } else {
          for (int64_t j = 0; j < cols; j++) out[j] = b[(j0 + jr + j) * ldb + k];
        }
        for (int64_t j = cols; j < NR; j++) out[j] = 0;
      }
    }
  }

  static int run(bool ta, bool tb, int64_t m, int64_t n, int64_t k, T alpha, const T *a, int64_t lda,
                 const T *b, int64_t ldb, T beta, T *c, int64_t ldc) {
    if (beta != T(1))
      for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) c[i * ldc + j] = beta == T(0) ? T(0) : beta * c[i * ldc + j];
    if (k == 0 || alpha == T(0)) return TS_OK;
    const int64_t kc_max = std::min(KC, k), nc_max = std::min(NC, n), mc_max = std::min(MC, m);
    std::unique_ptr<T, Free> pa(aligned_buffer<T>(((mc_max + MR - 1) / MR) * MR * kc_max));
    std::unique_ptr<T, Free> pb(aligned_buffer<T>(((nc_max + NR - 1) / NR) * NR * kc_max));
    if (!pa || !pb) return ts::fail(TS_ERR_ALLOC, "gemm: out of memory for packing buffers");
    for (int64_t jc = 0; jc < n; jc += NC) {
      int64_t nc = std::min(NC, n - jc);
      for (int64_t pc = 0; pc < k; pc += KC) {
        int64_t kc = std::min(KC, k - pc);
        pack_b(tb, b, ldb, pc, jc, kc, nc, pb.get());
        for (int64_t ic = 0; ic < m; ic += MC) {
          int64_t mc = std::min(MC, m - ic);
          pack_a(ta, a, lda, ic, pc, mc, kc, pa.get());
          for (int64_t jr = 0; jr < nc; jr += NR)
            for (int64_t ir = 0; ir < mc; ir += MR)
              micro(kc, pa.get() + ir * kc, pb.get() + jr * kc, c + (ic + ir) * ldc + jc + jr, ldc, alpha,
                    (int)std::min<int64_t>(MR, mc - ir), (int)std::min<int64_t>(NR, nc - jr));
        }
      }
    }
    return TS_OK;
  }
};

#define TS_GEMM_ARGS                                                                                      \
  bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a, int64_t lda, const void *b, \
      int64_t ldb, double beta, void *c, int64_t ldc
#define TS_GEMM_CALL(T) \
  ta, tb, m, n, k, (T)alpha, (const T *)a, lda, (const T *)b, ldb, (T)beta, (T *)c, ldc

// One entry per ISA; flatten inlines the whole template so it is compiled for that ISA.
__attribute__((target("avx512f,avx512vl,avx2,fma"), flatten)) int run_avx512(bool f64, TS_GEMM_ARGS) {
  return f64 ? Blocked<double, 64, 6, 2>::run(TS_GEMM_CALL(double)) : Blocked<float, 64, 6, 2>::run(TS_GEMM_CALL(float));
}
__attribute__((target("avx2,fma"), flatten)) int run_avx2(bool f64, TS_GEMM_ARGS) {
  return f64 ? Blocked<double, 32, 6, 2>::run(TS_GEMM_CALL(double)) : Blocked<float, 32, 6, 2>::run(TS_GEMM_CALL(float));
}
__attribute__((flatten)) int run_baseline(bool f64, TS_GEMM_ARGS) {
  return f64 ? Blocked<double, 16, 4, 2>::run(TS_GEMM_CALL(double)) : Blocked<float, 16, 4, 2>::run(TS_GEMM_CALL(float));
}

}  // namespace

namespace ts {

// Arguments already checked by ts_gemm (gemm.cc).
int gemm_v1_blocked(int dtype, bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
                    int64_t lda, const void *b, int64_t ldb, double beta, void *c, int64_t ldc) {
  static const int64_t features = ts_cpu_features();
  bool f64 = dtype == TS_F64;
  if ((features & TS_CPU_AVX512F) && (features & TS_CPU_AVX512VL) && (features & TS_CPU_FMA))
    return run_avx512(f64, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  if ((features & TS_CPU_AVX2) && (features & TS_CPU_FMA))
    return run_avx2(f64, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return run_baseline(f64, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace ts
