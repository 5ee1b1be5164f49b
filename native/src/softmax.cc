// softmax.cc: numerically stable softmax and log_softmax along the middle axis of a contiguous
// [outer, n, inner] array (reduce.h). Each row is shifted by its max before exp; sums are kept in
// double. As in torch, a row of all -inf (or holding +inf or NaN) gives NaN.
#include <cmath>
#include <limits>
#include <new>
#include <vector>

#include "internal.h"
#include "strided.h"
#include "tessera/reduce.h"

namespace {

template <typename T>
T nan_max(T a, T b) { return (b > a) | (b != b) ? b : a; }  // NaN in a or b wins

// One contiguous row (inner == 1): max, exp(x - max) into out while summing, then scale or shift.
template <typename T>
TS_SIMD_CLONES void softmax_row(const T *x, T *out, int64_t n, bool log) {
  constexpr int L = 16;
  const T m = ts::row_extreme<true>(x, n);
  double sl[L] = {0};
  int64_t i = 0;
  for (; i + L <= n; i += L)
    for (int j = 0; j < L; j++) {
      T e = ts::vexp(T(x[i + j] - m));
      if (!log) out[i + j] = e;
      sl[j] += (double)e;
    }
  double s = 0;
  for (int j = 0; j < L; j++) s += sl[j];
  for (; i < n; i++) {
    T e = ts::vexp(T(x[i] - m));
    if (!log) out[i] = e;
    s += (double)e;
  }

  if (log) {
    T shift = T(m + (T)std::log(s));  // x - (m + log s); all -inf gives -inf - -inf = NaN
    if (std::isinf(m)) shift = std::numeric_limits<T>::quiet_NaN();
    for (i = 0; i < n; i++) out[i] = x[i] - shift;
  } else {
    T r = T(1.0 / s);
    for (i = 0; i < n; i++) out[i] *= r;
  }
}

// inner > 1: the same three passes over rows of length inner, with per-column max and sum.
template <typename T>
void softmax_cols(const T *x, T *out, int64_t n, int64_t inner, bool log, std::vector<T> &mx,
                  std::vector<double> &sum) {
  for (int64_t j = 0; j < inner; j++) mx[j] = -std::numeric_limits<T>::infinity(), sum[j] = 0;
  for (int64_t i = 0; i < n; i++)
    for (int64_t j = 0; j < inner; j++) mx[j] = nan_max(mx[j], x[i * inner + j]);
  for (int64_t i = 0; i < n; i++)
    for (int64_t j = 0; j < inner; j++) {
      T e = ts::vexp(T(x[i * inner + j] - mx[j]));
      if (!log) out[i * inner + j] = e;
      sum[j] += (double)e;
    }
  if (log) {
    for (int64_t j = 0; j < inner; j++)
      mx[j] = std::isinf(mx[j]) ? std::numeric_limits<T>::quiet_NaN() : T(mx[j] + (T)std::log(sum[j]));
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < inner; j++) out[i * inner + j] = x[i * inner + j] - mx[j];
  } else {
    for (int64_t j = 0; j < inner; j++) sum[j] = 1.0 / sum[j];
    for (int64_t i = 0; i < n; i++)
      for (int64_t j = 0; j < inner; j++) out[i * inner + j] = T(out[i * inner + j] * sum[j]);
  }
}

}  // namespace

TS_EXPORT int ts_softmax(int dtype, int64_t outer, int64_t n, int64_t inner, const void *x, void *out, int log) {
  const char *name = log ? "log_softmax" : "softmax";
  if (outer < 0 || n < 0 || inner < 0)
    return ts::fail(TS_ERR_INVALID, "%s: negative size [%lld, %lld, %lld]", name, (long long)outer, (long long)n,
                    (long long)inner);
  if (dtype != TS_F32 && dtype != TS_F64) {
    const char *dn = ts::dtype_name(dtype);
    if (!dn) return ts::fail(TS_ERR_INVALID, "%s: unknown dtype code %d", name, dtype);
    return ts::fail(TS_ERR_UNSUPPORTED, "%s: needs f32 or f64, got %s", name, dn);
  }
  if (outer == 0 || n == 0 || inner == 0) return TS_OK;
  try {
    return ts::dispatch_dtype(dtype, [&](auto zero) -> int {
      using T = decltype(zero);
      if constexpr (std::is_floating_point_v<T>) {
        const T *xp = static_cast<const T *>(x);
        T *op = static_cast<T *>(out);
        if (inner == 1) {
          for (int64_t o = 0; o < outer; o++) softmax_row(xp + o * n, op + o * n, n, log != 0);
        } else {
          std::vector<T> mx((size_t)inner);
          std::vector<double> sum((size_t)inner);
          for (int64_t o = 0; o < outer; o++)
            softmax_cols(xp + o * n * inner, op + o * n * inner, n, inner, log != 0, mx, sum);
        }
      }
      return TS_OK;
    });
  } catch (const std::bad_alloc &) {
    return ts::fail(TS_ERR_ALLOC, "%s: out of memory for scratch buffers", name);
  }
}
