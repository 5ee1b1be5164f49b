// native/gemm/gemm_packed.h: the packed gemm that v3, v4 and v5 share. BLIS's loop order (NC
// columns of op(B), KC deep, MC rows of op(A)); op(A) and op(B) copied into MR-row and NR-column
// panels (which also absorbs the four transposition cases and any lda/ldb); an MR x NR register tile
// of FMAs (NR = NV vectors). A version file defines TS_GEMM_ISA_AVX2 or TS_GEMM_ISA_AVX512 (the
// instruction set it is compiled for), includes this header and instantiates Gemm<T, Config> with its
// own Config: tile size, block sizes and which of the refinements below are on.
//
// Everything here has internal linkage (an unnamed namespace, on purpose in a header): each version
// file gets its own copy compiled for its instruction set, and the linker can never hand one
// version's AVX-512 code to another.
//
// Rounding does not depend on how C is split across threads: every element of C is the sum over
// k-blocks (whose bounds depend on k alone) of one FMA chain over p, added to C as
// C = alpha * acc + beta' * C with beta' = beta in the first k-block and 1 after it, whichever path
// (full tile, edge tile, packed or in place) computes it.
#ifndef TESSERA_GEMM_PACKED_H
#define TESSERA_GEMM_PACKED_H

#include <immintrin.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "internal.h"
#include "tessera/common.h"
#include "thread_pool.h"

// The instruction set: a version file defines TS_GEMM_ISA_AVX2 or TS_GEMM_ISA_AVX512 first. (Not
// __AVX2__ and friends: in C++ a target pragma does not change them.)
#pragma GCC push_options
#if defined(TS_GEMM_ISA_AVX512)
#pragma GCC target("avx512f,avx2,fma,prfchw")
#elif defined(TS_GEMM_ISA_AVX2)
#pragma GCC target("avx2,fma")
#else
#error "define TS_GEMM_ISA_AVX2 or TS_GEMM_ISA_AVX512 before including gemm_packed.h"
#endif

namespace {
namespace packed {

// ---- The vector operations of the instruction set this file is compiled for ---------------------
template <typename T>
struct Simd;

#if defined(TS_GEMM_ISA_AVX512)
template <>
struct Simd<float> {
  typedef __m512 V;
  static constexpr int L = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V set1(float x) { return _mm512_set1_ps(x); }
  static V load(const float *p) { return _mm512_loadu_ps(p); }
  static void store(float *p, V v) { _mm512_storeu_ps(p, v); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  // The first n lanes (0 < n <= L): the rest read as 0 and are left alone by stores.
  static V load_first(const float *p, int n) { return _mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), p); }
  static void store_first(float *p, V v, int n) { _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1), v); }
  // dst[q * ldd + r] = src[r * ld + q] for q < L: rows r < rows of src are read (the others count as
  // 0) and the first `lanes` elements of each dst row written. Four rounds of shuffles.
  static constexpr bool kTranspose = true;
  static void transpose(const float *src, int64_t ld, int rows, float *dst, int64_t ldd, int lanes) {
    // (maskz forms with every lane set: the plain ones trip GCC 12's -Wuninitialized in its headers)
    const __mmask16 all = 0xffff;
    V r[16], t[16];
    for (int i = 0; i < 16; i++) r[i] = i < rows ? load(src + i * ld) : zero();
    for (int i = 0; i < 8; i++) {  // t[2i], t[2i+1]: rows 2i, 2i+1 interleaved (columns 0-1, 2-3 of each 128-bit lane)
      t[2 * i] = _mm512_maskz_unpacklo_ps(all,r[2 * i], r[2 * i + 1]);
      t[2 * i + 1] = _mm512_maskz_unpackhi_ps(all,r[2 * i], r[2 * i + 1]);
    }
    for (int i = 0; i < 4; i++) {  // r[4i + c]: rows 4i..4i+3 of column 4 * lane + c
      r[4 * i + 0] = _mm512_shuffle_ps(t[4 * i + 0], t[4 * i + 2], 0x44);
      r[4 * i + 1] = _mm512_shuffle_ps(t[4 * i + 0], t[4 * i + 2], 0xEE);
      r[4 * i + 2] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0x44);
      r[4 * i + 3] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0xEE);
    }
    for (int c = 0; c < 4; c++) {  // gather the 128-bit lanes: column c, 4 + c, 8 + c, 12 + c
      V a = _mm512_maskz_shuffle_f32x4(all,r[c], r[4 + c], 0x88), b = _mm512_maskz_shuffle_f32x4(all,r[c], r[4 + c], 0xDD);
      V d = _mm512_maskz_shuffle_f32x4(all,r[8 + c], r[12 + c], 0x88), e = _mm512_maskz_shuffle_f32x4(all,r[8 + c], r[12 + c], 0xDD);
      t[c] = _mm512_maskz_shuffle_f32x4(all,a, d, 0x88);
      t[8 + c] = _mm512_maskz_shuffle_f32x4(all,a, d, 0xDD);
      t[4 + c] = _mm512_maskz_shuffle_f32x4(all,b, e, 0x88);
      t[12 + c] = _mm512_maskz_shuffle_f32x4(all,b, e, 0xDD);
    }
    for (int q = 0; q < 16; q++) lanes == 16 ? store(dst + q * ldd, t[q]) : store_first(dst + q * ldd, t[q], lanes);
  }
};
template <>
struct Simd<double> {
  typedef __m512d V;
  static constexpr int L = 8;
  static V zero() { return _mm512_setzero_pd(); }
  static V set1(double x) { return _mm512_set1_pd(x); }
  static V load(const double *p) { return _mm512_loadu_pd(p); }
  static void store(double *p, V v) { _mm512_storeu_pd(p, v); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static V load_first(const double *p, int n) { return _mm512_maskz_loadu_pd((__mmask8)((1u << n) - 1), p); }
  static void store_first(double *p, V v, int n) { _mm512_mask_storeu_pd(p, (__mmask8)((1u << n) - 1), v); }
  static constexpr bool kTranspose = true;  // as Simd<float>::transpose, 8 x 8
  static void transpose(const double *src, int64_t ld, int rows, double *dst, int64_t ldd, int lanes) {
    const __mmask8 all = 0xff;
    V r[8], t[8], u[2][4];
    for (int i = 0; i < 8; i++) r[i] = i < rows ? load(src + i * ld) : zero();
    for (int i = 0; i < 4; i++) {
      t[2 * i] = _mm512_maskz_unpacklo_pd(all,r[2 * i], r[2 * i + 1]);
      t[2 * i + 1] = _mm512_maskz_unpackhi_pd(all,r[2 * i], r[2 * i + 1]);
    }
    for (int g = 0; g < 2; g++) {  // rows 4g..4g+3: columns (0, 4), (1, 5), (2, 6), (3, 7)
      u[g][0] = _mm512_maskz_shuffle_f64x2(all,t[4 * g], t[4 * g + 2], 0x88);
      u[g][1] = _mm512_maskz_shuffle_f64x2(all,t[4 * g + 1], t[4 * g + 3], 0x88);
      u[g][2] = _mm512_maskz_shuffle_f64x2(all,t[4 * g], t[4 * g + 2], 0xDD);
      u[g][3] = _mm512_maskz_shuffle_f64x2(all,t[4 * g + 1], t[4 * g + 3], 0xDD);
    }
    for (int c = 0; c < 4; c++) {
      r[c] = _mm512_maskz_shuffle_f64x2(all,u[0][c], u[1][c], 0x88);
      r[4 + c] = _mm512_maskz_shuffle_f64x2(all,u[0][c], u[1][c], 0xDD);
    }
    for (int q = 0; q < 8; q++) lanes == 8 ? store(dst + q * ldd, r[q]) : store_first(dst + q * ldd, r[q], lanes);
  }
};
#else
template <>
struct Simd<float> {
  typedef __m256 V;
  static constexpr int L = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V set1(float x) { return _mm256_set1_ps(x); }
  static V load(const float *p) { return _mm256_loadu_ps(p); }
  static void store(float *p, V v) { _mm256_storeu_ps(p, v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static __m256i first(int n) { return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)); }
  static V load_first(const float *p, int n) { return _mm256_maskload_ps(p, first(n)); }
  static void store_first(float *p, V v, int n) { _mm256_maskstore_ps(p, first(n), v); }
  static constexpr bool kTranspose = false;
  static void transpose(const float *, int64_t, int, float *, int64_t, int) {}
};
template <>
struct Simd<double> {
  typedef __m256d V;
  static constexpr int L = 4;
  static V zero() { return _mm256_setzero_pd(); }
  static V set1(double x) { return _mm256_set1_pd(x); }
  static V load(const double *p) { return _mm256_loadu_pd(p); }
  static void store(double *p, V v) { _mm256_storeu_pd(p, v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  static __m256i first(int n) { return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_setr_epi64x(0, 1, 2, 3)); }
  static V load_first(const double *p, int n) { return _mm256_maskload_pd(p, first(n)); }
  static void store_first(double *p, V v, int n) { _mm256_maskstore_pd(p, first(n), v); }
  static constexpr bool kTranspose = false;
  static void transpose(const double *, int64_t, int, double *, int64_t, int) {}
};
#endif

// ---- Block sizes -----------------------------------------------------------------------------------
struct Blocks {
  int64_t mc, kc, nc;  // rows of op(A), depth, columns of op(B) per block
};

// Block sizes from this CPU's caches, after the analytical model of Low et al. ("Analytical modeling
// is enough for high-performance BLIS", 2016) but set by measurement on a Zen 5 core (48 KB L1,
// 1 MB L2): a kc x NR panel of B about fills L1 (kc 384 for f32; half of L1, the textbook choice,
// was 5-10% slower at 1024-2048: C is then read and written twice as often), the mc x kc block of
// A takes a quarter of L2, the kc x nc panel of B three times L2 (nc 2048; 3040 and 4096, sized by
// L3, were 4% and 12% slower at 4096). Falls back to common sizes when the OS doesn't say.
inline Blocks blocks_from_caches(int es, int mr, int nr) {
  long l1 = sysconf(_SC_LEVEL1_DCACHE_SIZE), l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
  if (l1 <= 0) l1 = 32 << 10;
  if (l2 <= 0) l2 = 512 << 10;
  int64_t kc = std::max<int64_t>(64, l1 / (nr * es) / 16 * 16);
  int64_t mc = std::max<int64_t>(mr, (l2 / 4) / (kc * es) / mr * mr);
  int64_t nc = std::max<int64_t>(nr, (3 * l2) / (kc * es) / nr * nr);
  return {mc, kc, nc};
}

// A 64-byte aligned scratch buffer that grows on demand and is kept for the thread's next call:
// allocating megabytes per call would cost page faults every time.
template <typename T>
struct Scratch {
  T *p = nullptr;
  size_t cap = 0;
  ~Scratch() { std::free(p); }
  T *get(size_t n) {
    if (n > cap) {
      std::free(p);
      cap = std::max(n, cap + cap / 2);
      const size_t bytes = cap * sizeof(T), huge = 2 << 20;
      if (bytes >= huge) {  // whole 2 MB pages, offered to the kernel as huge pages (fewer TLB misses)
        p = static_cast<T *>(std::aligned_alloc(huge, (bytes + huge - 1) & ~(huge - 1)));
        if (p) madvise(p, (bytes + huge - 1) & ~(huge - 1), MADV_HUGEPAGE);
      } else {
        p = static_cast<T *>(std::aligned_alloc(64, (bytes + 63) & ~(size_t)63));
      }
      if (!p) cap = 0;
    }
    return p;
  }
};

// ---- The gemm ------------------------------------------------------------------------------------
// Config (one per version file) provides:
//   MR, NV             register tile: MR rows x NV vectors (NR = NV * lanes columns)
//   kExactEdges        edge tiles computed at their own size and stored with masks (else: a full
//                      tile into a scratch tile, then a scalar loop adds the part that is inside C)
//   kPrefetch          prefetch the C tile (one row per step of the first MR steps of the k loop)
//                      and the next A panel (during the other steps)
//   kInPlace           read op(A) / op(B) where they lie when packing would not pay for itself
//   kVectorPack        transposing packs (op(A) not transposed, op(B) transposed) in L x L register
//                      blocks instead of element by element
//   kSharedB           with 3 threads or more, split C by rows and pack each block of op(B) once,
//                      shared by all threads (else every thread packs its own block of C's operands)
//   blocks(es)         MC, KC, NC for elements of es bytes
template <typename T, class Config>
struct Gemm {
  static_assert(!Config::kInPlace || Config::kExactEdges, "reading operands in place needs exact edge tiles");
  typedef Simd<T> S;
  typedef typename S::V V;
  static constexpr int L = S::L, MR = Config::MR, NV = Config::NV, NR = NV * L;

  struct Args {
    bool ta, tb;
    int64_t m, n, k;
    T alpha;
    const T *a;
    int64_t lda;
    const T *b;
    int64_t ldb;
    T beta;
    T *c;
    int64_t ldc;
  };

  // How one call runs, decided once for the whole C (so a thread split never changes the rounding).
  struct Plan {
    Blocks bl;
    bool a_in_place, b_in_place;
  };

  // ---- micro-kernel: an R x (NVr vectors) tile of C ----
  // acc = sum over p < kc of A(r, p) * B(p, :), with A(r, p) at a[r * a_rs + p * a_cs] (kUnitRows:
  // a_rs == 1, so the R values of one p are adjacent, as in a packed panel or a transposed A) and
  // B(p, :) at b + p * b_rs. Then the tile's first nr columns of C get C = alpha * acc + beta' * C,
  // beta' * C read as 0 when `overwrite`.
  template <int R, int NVr, bool kUnitRows>
  static void kernel(int64_t kc, const T *a, int64_t a_rs, int64_t a_cs, const T *b, int64_t b_rs, T *c, int64_t ldc,
                     int nr, T alpha, T beta, bool overwrite, const T *a_next) {
    V acc[R][NVr];
#pragma GCC unroll 16
    for (int r = 0; r < R; r++)
#pragma GCC unroll 4
      for (int v = 0; v < NVr; v++) acc[r][v] = S::zero();
    auto step = [&]() __attribute__((always_inline)) {
      V bv[NVr];
#pragma GCC unroll 4
      for (int v = 0; v < NVr; v++) bv[v] = S::load(b + v * L);
#pragma GCC unroll 16
      for (int r = 0; r < R; r++) {
        V av = S::set1(kUnitRows ? a[r] : a[r * a_rs]);
#pragma GCC unroll 4
        for (int v = 0; v < NVr; v++) acc[r][v] = S::fma(av, bv[v], acc[r][v]);
      }
      a += a_cs;
      b += b_rs;
    };
    int64_t p = 0;
    if (Config::kPrefetch) {
      // The C tile, one row per step (a burst of 2R prefetches would overflow the miss buffers),
      // then the next A panel.
      for (; p < std::min<int64_t>(kc, R); p++) {
        __builtin_prefetch(c + p * ldc, 1, 3);
        __builtin_prefetch(c + p * ldc + NVr * L - 1, 1, 3);
        step();
      }
      if (kUnitRows)
        for (; p < kc; p++) {
          __builtin_prefetch(a_next + p * a_cs, 0, 3);
          step();
        }
    }
    for (; p < kc; p++) step();
    const V va = S::set1(alpha), vb = S::set1(beta);
#pragma GCC unroll 16
    for (int r = 0; r < R; r++) {
      T *cr = c + r * ldc;
#pragma GCC unroll 4
      for (int v = 0; v < NVr; v++) {
        const int left = nr - v * L;
        if (left >= L) {
          V old = overwrite ? S::zero() : S::mul(vb, S::load(cr + v * L));
          S::store(cr + v * L, S::fma(va, acc[r][v], old));
        } else if (left > 0) {
          V old = overwrite ? S::zero() : S::mul(vb, S::load_first(cr + v * L, left));
          S::store_first(cr + v * L, S::fma(va, acc[r][v], old), left);
        }
      }
    }
  }

  // Where one tile's operands are and how its result is stored (see kernel).
  struct Tile {
    int64_t kc;
    const T *a;
    int64_t a_rs, a_cs;
    const T *b;
    int64_t b_rs;
    T *c;
    int64_t ldc;
    T alpha, beta;
    bool overwrite;
    const T *a_next;
  };

  template <bool U, int R, int NVr>
  static void run_kernel(const Tile &t, int nr) {
    kernel<R, NVr, U>(t.kc, t.a, t.a_rs, t.a_cs, t.b, t.b_rs, t.c, t.ldc, nr, t.alpha, t.beta, t.overwrite, t.a_next);
  }

  // The kernel instantiated for exactly mr rows and ceil(nr / L) vectors.
  template <bool U, int R, int NVr>
  static void exact_cols(const Tile &t, int nr) {
    if constexpr (NVr > 1) {
      if (nr <= (NVr - 1) * L) return exact_cols<U, R, NVr - 1>(t, nr);
    }
    run_kernel<U, R, NVr>(t, nr);
  }
  template <bool U, int R>
  static void exact_rows(const Tile &t, int mr, int nr) {
    if constexpr (R > 1) {
      if (mr < R) return exact_rows<U, R - 1>(t, mr, nr);
    }
    exact_cols<U, R, NV>(t, nr);
  }

  // One mr x nr tile of C (mr <= MR, nr <= NR). Without exact edges a partial tile is computed in
  // full (packed panels are zero-padded) into a scratch tile and added to C by a scalar loop, with
  // the same FMA the vector store uses.
  template <bool U>
  static void tile(const Tile &t, int mr, int nr) {
    if (mr == MR && nr == NR) return run_kernel<U, MR, NV>(t, NR);
    if (Config::kExactEdges) return exact_rows<U, MR>(t, mr, nr);
    alignas(64) T acc[MR * NR];
    Tile s = t;
    s.c = acc;
    s.ldc = NR;
    s.alpha = T(1);
    s.overwrite = true;
    run_kernel<U, MR, NV>(s, NR);
    for (int r = 0; r < mr; r++)
      for (int j = 0; j < nr; j++) {
        T *cij = t.c + r * t.ldc + j;
        *cij = std::fma(t.alpha, acc[r * NR + j], t.overwrite ? T(0) : t.beta * *cij);
      }
  }

  // ---- packing ----
  // op(A) rows [0, mc) x depth [0, kc) from `a` (pointing at op(A)'s element (0, 0) of the block) as
  // ceil(mc / MR) panels of kc x MR, rows past mc zero.
  static void pack_a(bool ta, const T *a, int64_t lda, int64_t mc, int64_t kc, T *out) {
    for (int64_t ir = 0; ir < mc; ir += MR, out += MR * kc) {
      const int rows = (int)std::min<int64_t>(MR, mc - ir);
      if (ta) {  // op(A)(i, p) = a[p * lda + i]: the rows of one p are adjacent
        const T *src = a + ir;
        for (int64_t p = 0; p < kc; p++, src += lda) {
          T *o = out + p * MR;
          for (int r = 0; r < rows; r++) o[r] = src[r];
          for (int r = rows; r < MR; r++) o[r] = T(0);
        }
      } else {  // op(A)(i, p) = a[i * lda + p]
        const T *src = a + ir * lda;
        int64_t p = 0;
        if (Config::kVectorPack && S::kTranspose)  // L x L blocks transposed in registers
          for (; p + L <= kc; p += L)
            for (int r0 = 0; r0 < MR; r0 += L)
              S::transpose(src + r0 * lda + p, lda, std::max(0, std::min(L, rows - r0)), out + p * MR + r0, MR,
                           std::min(L, MR - r0));
        for (; p < kc; p++) {
          T *o = out + p * MR;
          for (int r = 0; r < rows; r++) o[r] = src[r * lda + p];
          for (int r = rows; r < MR; r++) o[r] = T(0);
        }
      }
    }
  }

  // op(B) depth [0, kc) x columns [jr, jr + cols) (cols <= NR) as one kc x NR panel, columns past
  // cols zero; `b` points at op(B)'s element (0, 0) of the block.
  static void pack_b_panel(bool tb, const T *b, int64_t ldb, int64_t kc, int64_t jr, int cols, T *out) {
    if (!tb) {  // op(B)(p, j) = b[p * ldb + j]: rows of NR adjacent elements
      const T *src = b + jr;
      for (int64_t p = 0; p < kc; p++, src += ldb, out += NR)
        for (int v = 0; v < NV; v++) {
          const int left = cols - v * L;
          S::store(out + v * L, left >= L ? S::load(src + v * L) : left > 0 ? S::load_first(src + v * L, left) : S::zero());
        }
    } else {  // op(B)(p, j) = b[j * ldb + p]
      int64_t p0 = 0;
      if (Config::kVectorPack && S::kTranspose)  // L x L blocks transposed in registers
        for (; p0 + L <= kc; p0 += L)
          for (int j0 = 0; j0 < NR; j0 += L)
            S::transpose(b + (jr + j0) * ldb + p0, ldb, std::max(0, std::min(L, cols - j0)), out + p0 * NR + j0, NR, L);
      for (int j = 0; j < cols; j++) {
        const T *src = b + (jr + j) * ldb;
        for (int64_t p = p0; p < kc; p++) out[p * NR + j] = src[p];
      }
      for (int64_t p = p0; p < kc; p++)
        for (int j = cols; j < NR; j++) out[p * NR + j] = T(0);
    }
  }

  // ---- one block of C on one thread ----
  // C rows [ic, ic + mc) x columns [jc, jc + nc), depth [pc, pc + kc): `bp` is op(B)'s block, packed
  // (one kc x NR panel per NR columns) or, when !b_packed, op(B) itself at (pc, jc); op(A)'s block is
  // packed here unless the plan reads it in place.
  static int block(const Args &g, const Plan &plan, int64_t ic, int64_t mc, int64_t jc, int64_t nc, int64_t pc,
                   int64_t kc, const T *bp, bool b_packed, Scratch<T> &abuf, Scratch<T> &edge) {
    const bool overwrite = pc == 0 && g.beta == T(0);
    const T beta = pc == 0 ? g.beta : T(1);
    const T *ap;
    int64_t a_rs, a_cs, a_panel;  // a_panel: distance between the panels of MR rows
    bool unit_rows;
    if (plan.a_in_place) {
      if (g.ta) ap = g.a + pc * g.lda + ic, a_rs = 1, a_cs = g.lda, a_panel = MR, unit_rows = true;
      else ap = g.a + ic * g.lda + pc, a_rs = g.lda, a_cs = 1, a_panel = MR * g.lda, unit_rows = false;
    } else {
      T *pa = abuf.get((size_t)((mc + MR - 1) / MR) * MR * kc);
      if (!pa) return ts::fail(TS_ERR_ALLOC, "gemm: out of memory for a packing buffer");
      pack_a(g.ta, g.ta ? g.a + pc * g.lda + ic : g.a + ic * g.lda + pc, g.lda, mc, kc, pa);
      ap = pa, a_rs = 1, a_cs = MR, a_panel = MR * kc, unit_rows = true;
    }
    for (int64_t jr = 0; jr < nc; jr += NR) {
      const int nr = (int)std::min<int64_t>(NR, nc - jr);
      const T *b;
      int64_t b_rs;
      if (b_packed) {
        b = bp + jr * kc, b_rs = NR;
      } else if (nr == NR) {
        b = bp + jr, b_rs = g.ldb;
      } else {  // the last, partial panel of an op(B) read in place: zero-padded copy
        T *e = edge.get((size_t)NR * kc);
        if (!e) return ts::fail(TS_ERR_ALLOC, "gemm: out of memory for a packing buffer");
        pack_b_panel(false, bp, g.ldb, kc, jr, nr, e);
        b = e, b_rs = NR;
      }
      for (int64_t ir = 0; ir < mc; ir += MR) {
        const int mr = (int)std::min<int64_t>(MR, mc - ir);
        const T *a = ap + (ir / MR) * a_panel;
        Tile t{kc, a, a_rs, a_cs, b, b_rs, g.c + (ic + ir) * g.ldc + jc + jr, g.ldc, g.alpha, beta, overwrite,
               ir + MR < mc ? a + a_panel : ap};
        if (unit_rows) tile<true>(t, mr, nr);
        else tile<false>(t, mr, nr);
      }
    }
    return TS_OK;
  }

  // op(B) block [pc, pc + kc) x [jc, jc + nc): packed into `pb` panels [from, to) (in NR columns).
  static void pack_b_part(const Args &g, int64_t pc, int64_t kc, int64_t jc, int64_t nc, int64_t from, int64_t to, T *pb) {
    const T *b = g.tb ? g.b + jc * g.ldb + pc : g.b + pc * g.ldb + jc;
    for (int64_t q = from; q < to; q++)
      pack_b_panel(g.tb, b, g.ldb, kc, q * NR, (int)std::min<int64_t>(NR, nc - q * NR), pb + q * NR * kc);
  }

  // C rows [m0, m1) x columns [n0, n1), everything on this thread.
  static int run_block(const Args &g, const Plan &plan, int64_t m0, int64_t m1, int64_t n0, int64_t n1) {
    static thread_local Scratch<T> abuf, bbuf, edge;
    const Blocks &bl = plan.bl;
    for (int64_t jc = n0; jc < n1; jc += bl.nc) {
      const int64_t nc = std::min(bl.nc, n1 - jc);
      for (int64_t pc = 0; pc < g.k; pc += bl.kc) {
        const int64_t kc = std::min(bl.kc, g.k - pc);
        const T *bp;
        if (plan.b_in_place) {
          bp = g.b + pc * g.ldb + jc;
        } else {
          T *pb = bbuf.get((size_t)((nc + NR - 1) / NR) * NR * kc);
          if (!pb) return ts::fail(TS_ERR_ALLOC, "gemm: out of memory for a packing buffer");
          pack_b_part(g, pc, kc, jc, nc, 0, (nc + NR - 1) / NR, pb);
          bp = pb;
        }
        for (int64_t ic = m0; ic < m1; ic += bl.mc)
          if (int s = block(g, plan, ic, std::min(bl.mc, m1 - ic), jc, nc, pc, kc, bp, !plan.b_in_place, abuf, edge)) return s;
      }
    }
    return TS_OK;
  }

  // Threads split C by rows and share each packed block of op(B): per (jc, pc) block, one fork packs
  // B's panels (a share each), a second computes the rows (each thread packing its own A).
  static int run_shared_b(const Args &g, const Plan &plan, int tasks) {
    static thread_local Scratch<T> bbuf;
    const Blocks &bl = plan.bl;
    const int64_t row_chunk = ((g.m + MR - 1) / MR + tasks - 1) / tasks * MR;
    int status[64] = {0};
    for (int64_t jc = 0; jc < g.n; jc += bl.nc) {
      const int64_t nc = std::min(bl.nc, g.n - jc), panels = (nc + NR - 1) / NR;
      for (int64_t pc = 0; pc < g.k; pc += bl.kc) {
        const int64_t kc = std::min(bl.kc, g.k - pc);
        T *pb = bbuf.get((size_t)panels * NR * kc);
        if (!pb) return ts::fail(TS_ERR_ALLOC, "gemm: out of memory for a packing buffer");
        ts::parallel_for(tasks, [&](int t) {
          pack_b_part(g, pc, kc, jc, nc, panels * t / tasks, panels * (t + 1) / tasks, pb);
        });
        ts::parallel_for(tasks, [&](int t) {
          static thread_local Scratch<T> abuf, edge;
          const int64_t m0 = std::min(g.m, t * row_chunk), m1 = std::min(g.m, m0 + row_chunk);
          for (int64_t ic = m0; ic < m1 && status[t] == TS_OK; ic += bl.mc)
            status[t] = block(g, plan, ic, std::min(bl.mc, m1 - ic), jc, nc, pc, kc, pb, true, abuf, edge);
        });
        for (int t = 0; t < tasks; t++)
          if (status[t] != TS_OK) return status[t];
      }
    }
    return TS_OK;
  }

  // ---- the whole call ----
  // k, m and n are cut into equal blocks of at most KC, MC, NC (so no block is a thin remainder);
  // the k blocks depend on k alone, which keeps the rounding independent of any split of C.
  static Plan make_plan(const Args &g) {
    static const Blocks base = Config::blocks(sizeof(T));
    Plan p{base, false, false};
    auto even = [](int64_t extent, int64_t most, int64_t unit) {  // equal blocks of at most `most`
      const int64_t count = (extent + most - 1) / most;
      return std::max(unit, std::min(most, ((extent + count - 1) / count + unit - 1) / unit * unit));
    };
    p.bl.kc = even(g.k, base.kc, 8);
    p.bl.mc = even(g.m, base.mc, MR);
    p.bl.nc = even(g.n, base.nc, NR);
    if (Config::kInPlace) {
      p.a_in_place = in_place_a(g);
      p.b_in_place = in_place_b(g);
    }
    return p;
  }

  // Whether to read an operand where it lies instead of packing it. Packing pays for itself when
  // the operand is large: its rows then lie far apart in memory (TLB misses, cache-set conflicts
  // when the row stride is a power of two); an operand that fits in L2 is read faster in place.
  // A transposed B can't be read in place (the kernel loads rows of op(B) as vectors).
  static bool in_place_a(const Args &g) { return g.m * g.k * (int64_t)sizeof(T) <= (1 << 20); }
  static bool in_place_b(const Args &g) { return !g.tb && g.k * g.n * (int64_t)sizeof(T) <= (1 << 20); }

  // Splits C into `tasks` blocks of whole register tiles, by rows or by columns, whichever
  // balances better (ties: the split that packs less twice); every block runs the same plan.
  static int run(const Args &g, int threads) {
    if (g.m == 0 || g.n == 0) return TS_OK;
    if (g.k == 0 || g.alpha == T(0)) {
      scale_c(g);
      return TS_OK;
    }
    const Plan plan = make_plan(g);
    const int64_t row_units = (g.m + MR - 1) / MR, col_units = (g.n + NR - 1) / NR;
    const double macs = (double)g.m * (double)g.n * (double)g.k;
    int tasks = macs < (1 << 20) ? 1 : std::min(threads, 64);
    // Sharing B saves each thread but one from packing all of B (or A), which grows with the thread
    // count; on 2 threads it measured the same as the plain split (within 2%, noise), which forks
    // once per call instead of twice per block of B, so it is kept for 3 threads and more.
    if (Config::kSharedB && tasks >= 3 && !plan.b_in_place && row_units >= 4 * tasks) return run_shared_b(g, plan, tasks);
    auto waste = [&](int64_t units) { return (double)((units + tasks - 1) / tasks * tasks) / (double)units; };
    const bool by_rows = waste(row_units) < waste(col_units) || (waste(row_units) == waste(col_units) && g.n <= g.m);
    tasks = (int)std::min<int64_t>(tasks, by_rows ? row_units : col_units);
    if (tasks <= 1) return run_block(g, plan, 0, g.m, 0, g.n);
    const int64_t chunk = ((by_rows ? row_units : col_units) + tasks - 1) / tasks * (by_rows ? MR : NR);
    int status[64] = {0};
    ts::parallel_for(tasks, [&](int t) {
      const int64_t extent = by_rows ? g.m : g.n, from = std::min(extent, t * chunk), to = std::min(extent, from + chunk);
      if (from < to) status[t] = by_rows ? run_block(g, plan, from, to, 0, g.n) : run_block(g, plan, 0, g.m, from, to);
    });
    for (int t = 0; t < tasks; t++)
      if (status[t] != TS_OK) return status[t];
    return TS_OK;
  }

  // C = beta * C (alpha == 0 or k == 0: nothing to multiply; beta == 0 overwrites, NaN included).
  static void scale_c(const Args &g) {
    for (int64_t i = 0; i < g.m; i++)
      for (int64_t j = 0; j < g.n; j++) {
        T *cij = g.c + i * g.ldc + j;
        *cij = g.beta == T(0) ? T(0) : g.beta * *cij;
      }
  }
};

}  // namespace packed
}  // namespace

#pragma GCC pop_options

#endif
