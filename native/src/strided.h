// strided.h: the odometer shared by the strided kernels (elementwise, copy, where, index): it
// reads a `meta` array (common.h), drops size-1 dims, merges dims that are contiguous for every
// operand, and calls a row function with each operand's element offset for the innermost dim.
// Also what the elementwise, reduce and softmax loops share: a float exp that vectorises (expf
// from libm does not without -ffast-math) and a NaN-propagating row max/min.
#ifndef TESSERA_STRIDED_H
#define TESSERA_STRIDED_H

#include <cmath>
#include <cstdint>
#include <cstring>

#include "internal.h"

// Hot contiguous loops get an AVX-512 and an AVX2/FMA clone next to the baseline one; the
// dynamic loader picks one from cpuid, so the library still loads on any x86-64.
#define TS_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

namespace ts {

// K operands (inputs first, output last) over one iteration shape.
template <int K>
struct Strided {
  int ndim = 0;  // after coalescing, >= 1
  int64_t shape[TS_MAX_DIMS];
  int64_t stride[K][TS_MAX_DIMS];
  int64_t numel = 1;

  // Reads and checks meta; `fn` names the calling function in error messages.
  int parse(const char *fn, int nd, const int64_t *meta) {
    if (nd < 0 || nd > TS_MAX_DIMS) return fail(TS_ERR_INVALID, "%s: ndim %d outside 0..%d", fn, nd, TS_MAX_DIMS);
    if (nd > 0 && !meta) return fail(TS_ERR_INVALID, "%s: meta is NULL", fn);
    ndim = 0;
    numel = 1;
    for (int d = 0; d < nd; d++) {
      if (meta[d] < 0) return fail(TS_ERR_INVALID, "%s: negative size %lld in dim %d", fn, (long long)meta[d], d);
      numel *= meta[d];
      if (meta[d] == 1) continue;  // size-1 dims never move an offset
      shape[ndim] = meta[d];
      for (int k = 0; k < K; k++) stride[k][ndim] = meta[(1 + k) * nd + d];
      ndim++;
    }
    if (ndim == 0) {  // a single element
      shape[0] = 1;
      for (int k = 0; k < K; k++) stride[k][0] = 0;
      ndim = 1;
    }
    coalesce();
    return TS_OK;
  }

  // Merges dim d into d+1 when stepping d equals stepping over all of d+1, for every operand.
  void coalesce() {
    int out = 0;
    for (int d = 1; d < ndim; d++) {
      bool merge = true;
      for (int k = 0; k < K; k++) merge &= stride[k][out] == stride[k][d] * shape[d];
      if (merge) {
        shape[out] *= shape[d];
        for (int k = 0; k < K; k++) stride[k][out] = stride[k][d];
      } else {
        out++;
        shape[out] = shape[d];
        for (int k = 0; k < K; k++) stride[k][out] = stride[k][d];
      }
    }
    ndim = out + 1;
  }

  int64_t inner_size() const { return shape[ndim - 1]; }
  int64_t inner_stride(int k) const { return stride[k][ndim - 1]; }

  // Calls row(off) with off[k] = element offset of operand k at the start of each innermost row;
  // the row has inner_size() elements, operand k steps by inner_stride(k).
  template <typename F>
  void for_each_row(F &&row) const {
    int64_t idx[TS_MAX_DIMS] = {0};
    int64_t off[K] = {0};
    if (numel == 0) return;
    for (;;) {
      row(static_cast<const int64_t *>(off));
      int d = ndim - 2;
      for (; d >= 0; d--) {
        for (int k = 0; k < K; k++) off[k] += stride[k][d];
        if (++idx[d] < shape[d]) break;
        for (int k = 0; k < K; k++) off[k] -= stride[k][d] * shape[d];
        idx[d] = 0;
      }
      if (d < 0) return;
    }
  }
};

// exp for float in plain arithmetic, so loops calling it vectorise (Cephes expf: range reduction
// by ln2, degree-6 polynomial, 2^n applied in two steps so subnormal results round once).
// Within 2 ulp of the correctly rounded result; exp(NaN) = NaN, exp(-inf) = 0, exp(+inf) = inf.
inline float exp_f32(float x) {
  float xc = x != x ? 0.0f : (x < -104.0f ? -104.0f : (x > 89.0f ? 89.0f : x));
  float n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;  // round to nearest
  float r = xc - n * 0.693359375f - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float y = p * r * r + r + 1.0f;
  int32_t ni = (int32_t)n, n1 = ni / 2, n2 = ni - n1;
  int32_t b1 = (n1 + 127) << 23, b2 = (n2 + 127) << 23;
  float s1, s2;
  std::memcpy(&s1, &b1, 4);
  std::memcpy(&s2, &b2, 4);
  float e = y * s1 * s2;
  return x != x ? x : e;
}

// exp in the element type: the vectorisable one for float, libm for double.
template <typename T>
inline T vexp(T x) { return std::exp(x); }
template <>
inline float vexp<float>(float x) { return exp_f32(x); }

// b if it is more extreme than a (max for IsMax, else min) or NaN; a NaN a is kept.
template <bool IsMax, typename T>
inline T extreme(T a, T b) {
  return (IsMax ? b > a : b < a) | (b != b) ? b : a;
}

// Max (IsMax) or min of x[0..n) for n >= 1, NaN if any element is NaN. The 64 accumulators are
// updated by a loop the vectoriser if-converts (a fully unrolled one stays as branches).
template <bool IsMax, typename T>
TS_SIMD_CLONES T row_extreme(const T *x, int64_t n) {
  constexpr int L = 64;
  T r = x[0];
  int64_t i = 1;
  if (n >= 2 * L) {
    T acc[L];
    std::memcpy(acc, x, sizeof acc);
    for (i = L; i + L <= n; i += L) {
#pragma GCC unroll 1
      for (int j = 0; j < L; j++) acc[j] = extreme<IsMax>(acc[j], x[i + j]);
    }
    for (int j = 0; j < L; j++) r = extreme<IsMax>(r, acc[j]);
  }
  for (; i < n; i++) r = extreme<IsMax>(r, x[i]);
  return r;
}

}  // namespace ts

#endif
