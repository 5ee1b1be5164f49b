// reduce.cc: reductions along the middle axis of a contiguous [outer, n, inner] array (reduce.h).
// A reducer is (init, step, merge); rows (inner == 1) are reduced in 16 independent lanes so the
// loop vectorises without reassociating, columns (inner > 1) into one accumulator per output read
// row by row. VAR/STD and LOGSUMEXP make a second pass centred on the first one's result.
#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <type_traits>
#include <vector>

#include "internal.h"
#include "strided.h"
#include "tessera/reduce.h"

namespace {

using ts::fail;

template <typename T>
constexpr bool is_float = std::is_floating_point_v<T>;

// Float sums and products accumulate in double; integer ones wrap in 64 bits.
template <typename T>
using SumAcc = std::conditional_t<is_float<T>, double, uint64_t>;

template <typename T>
T nan_max(T a, T b) { return (b > a) | (b != b) ? b : a; }  // NaN in a or b wins
template <typename T>
T nan_min(T a, T b) { return (b < a) | (b != b) ? b : a; }

// step(acc, x, c): c is the per-output centre of a second pass (ignored by one-pass reducers).
template <typename T>
struct Sum {
  using A = SumAcc<T>;
  A init() const { return 0; }
  A step(A a, T x, double) const { return a + (A)x; }
  A merge(A a, A b) const { return a + b; }
};
template <typename T>
struct Prod {
  using A = SumAcc<T>;
  A init() const { return 1; }
  A step(A a, T x, double) const { return a * (A)x; }
  A merge(A a, A b) const { return a * b; }
};
template <typename T>
struct Max {
  using A = T;
  A init() const { return is_float<T> ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::lowest(); }
  A step(A a, T x, double) const { return nan_max(a, x); }
  A merge(A a, A b) const { return nan_max(a, b); }
};
template <typename T>
struct Min {
  using A = T;
  A init() const { return is_float<T> ? std::numeric_limits<T>::infinity() : std::numeric_limits<T>::max(); }
  A step(A a, T x, double) const { return nan_min(a, x); }
  A merge(A a, A b) const { return nan_min(a, b); }
};
// Sum of squared deviations from c (VAR/STD second pass).
template <typename T>
struct SquaredDev {
  using A = double;
  A init() const { return 0; }
  A step(A a, T x, double c) const { double d = (double)x - c; return a + d * d; }
  A merge(A a, A b) const { return a + b; }
};
// Sum of exp(x - c), exp computed in T (LOGSUMEXP second pass, c = the max).
template <typename T>
struct ExpSum {
  using A = double;
  A init() const { return 0; }
  A step(A a, T x, double c) const { return a + (double)ts::vexp(T(x - (T)c)); }
  A merge(A a, A b) const { return a + b; }
};
// Sums for NORM: |x|^P for P = 0 (count non-zeros), 1 and 2; general p below.
template <typename T, int P>
struct PowSum {
  using A = double;
  A init() const { return 0; }
  A step(A a, T x, double) const {
    double v = (double)x;
    return a + (P == 0 ? (double)(v != 0) : (P == 1 ? std::abs(v) : v * v));
  }
  A merge(A a, A b) const { return a + b; }
};
template <typename T>
struct GeneralPowSum {
  using A = double;
  double p;
  A init() const { return 0; }
  A step(A a, T x, double) const { return a + std::pow(std::abs((double)x), p); }
  A merge(A a, A b) const { return a + b; }
};
template <typename T, bool IsMax>
struct AbsExtreme {  // NORM with p = +inf (max |x|) or -inf (min |x|)
  using A = T;
  A init() const { return IsMax ? T(0) : std::numeric_limits<T>::infinity(); }
  A step(A a, T x, double) const { return IsMax ? nan_max(a, std::abs(x)) : nan_min(a, std::abs(x)); }
  A merge(A a, A b) const { return IsMax ? nan_max(a, b) : nan_min(a, b); }
};

constexpr int kLanes = 16;

template <typename R, typename T>
TS_SIMD_CLONES typename R::A reduce_row(R red, const T *x, int64_t n, double c) {
  using A = typename R::A;
  A lane[kLanes];
  for (int j = 0; j < kLanes; j++) lane[j] = red.init();
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; j++) lane[j] = red.step(lane[j], x[i + j], c);
  A r = red.init();
  for (int j = 0; j < kLanes; j++) r = red.merge(r, lane[j]);
  for (; i < n; i++) r = red.step(r, x[i], c);
  return r;
}

template <bool Centred, typename R, typename T>
TS_SIMD_CLONES void reduce_col_step(R red, typename R::A *acc, const T *x, int64_t inner, const double *c) {
  for (int64_t j = 0; j < inner; j++) acc[j] = red.step(acc[j], x[j], Centred ? c[j] : 0.0);
}

// Reduces every (o, j) over i and calls emit(o * inner + j, acc). centre: per-output c or null.
template <typename R, typename T, typename Emit>
void accumulate(R red, const T *x, int64_t outer, int64_t n, int64_t inner, const double *centre, Emit emit) {
  if (inner == 1) {
    for (int64_t o = 0; o < outer; o++) {
      const T *row = x + o * n;
      if constexpr (std::is_same_v<R, Max<T>>) emit(o, n ? ts::row_extreme<true>(row, n) : red.init());
      else if constexpr (std::is_same_v<R, Min<T>>) emit(o, n ? ts::row_extreme<false>(row, n) : red.init());
      else emit(o, reduce_row(red, row, n, centre ? centre[o] : 0.0));
    }
    return;
  }
  std::vector<typename R::A> acc((size_t)inner);
  for (int64_t o = 0; o < outer; o++) {
    for (auto &a : acc) a = red.init();
    const double *c = centre ? centre + o * inner : nullptr;
    for (int64_t i = 0; i < n; i++) {
      const T *row = x + (o * n + i) * inner;
      if (centre) reduce_col_step<true>(red, acc.data(), row, inner, c);
      else reduce_col_step<false>(red, acc.data(), row, inner, c);
    }
    for (int64_t j = 0; j < inner; j++) emit(o * inner + j, acc[j]);
  }
}

// First index of the extreme; a NaN is more extreme than anything and the first NaN wins.
template <bool IsMax, typename T>
struct Better {
  bool operator()(T x, T best) const {
    if (best != best) return false;
    if (x != x) return true;
    return IsMax ? x > best : x < best;
  }
};

template <bool IsMax, typename T>
void arg_extreme(const T *x, int64_t outer, int64_t n, int64_t inner, int64_t *out) {
  Better<IsMax, T> better;
  if (inner == 1) {
    for (int64_t o = 0; o < outer; o++) {
      const T *row = x + o * n;
      int64_t bi = 0;
      for (int64_t i = 1; i < n; i++)
        if (better(row[i], row[bi])) bi = i;
      out[o] = bi;
    }
    return;
  }
  std::vector<T> best((size_t)inner);
  for (int64_t o = 0; o < outer; o++) {
    const T *base = x + o * n * inner;
    int64_t *idx = out + o * inner;
    for (int64_t j = 0; j < inner; j++) best[j] = base[j], idx[j] = 0;
    for (int64_t i = 1; i < n; i++)
      for (int64_t j = 0; j < inner; j++)
        if (better(base[i * inner + j], best[j])) best[j] = base[i * inner + j], idx[j] = i;
  }
}

template <typename T>
int reduce_typed(int op, int dtype, int64_t outer, int64_t n, int64_t inner, const T *x, void *outp, double param) {
  T *out = static_cast<T *>(outp);
  const int64_t count = outer * inner;
  auto write = [&](auto red, auto finish) {
    accumulate(red, x, outer, n, inner, nullptr, [&](int64_t k, auto a) { out[k] = (T)finish(a); });
  };
  auto same = [](auto a) { return a; };
  if constexpr (!is_float<T>) {
    if (op != TS_SUM && op != TS_PROD && op != TS_MAX && op != TS_MIN && op != TS_ARGMAX && op != TS_ARGMIN)
      return fail(TS_ERR_UNSUPPORTED, "reduce: %s needs f32 or f64, got %s", ts_reduce_name(op),
                  ts::dtype_name(dtype));
  }
  switch (op) {
    case TS_SUM: write(Sum<T>{}, same); return TS_OK;
    case TS_PROD: write(Prod<T>{}, same); return TS_OK;
    case TS_MAX: write(Max<T>{}, same); return TS_OK;
    case TS_MIN: write(Min<T>{}, same); return TS_OK;
    case TS_ARGMAX: arg_extreme<true>(x, outer, n, inner, static_cast<int64_t *>(outp)); return TS_OK;
    case TS_ARGMIN: arg_extreme<false>(x, outer, n, inner, static_cast<int64_t *>(outp)); return TS_OK;
    default: break;
  }
  if constexpr (is_float<T>) {
    const double dn = (double)n;
    switch (op) {
      case TS_MEAN: write(Sum<T>{}, [&](double s) { return s / dn; }); return TS_OK;
      case TS_VAR:
      case TS_STD: {
        std::vector<double> mean((size_t)count);
        accumulate(Sum<T>{}, x, outer, n, inner, nullptr, [&](int64_t k, double s) { mean[k] = s / dn; });
        double denom = std::max(0.0, dn - param);  // torch: max(0, n - correction)
        bool root = op == TS_STD;
        accumulate(SquaredDev<T>{}, x, outer, n, inner, mean.data(), [&](int64_t k, double ss) {
          double v = ss / denom;
          out[k] = (T)(root ? std::sqrt(v) : v);
        });
        return TS_OK;
      }
      case TS_LOGSUMEXP: {
        if (n == 0) {
          for (int64_t k = 0; k < count; k++) out[k] = -std::numeric_limits<T>::infinity();
          return TS_OK;
        }
        std::vector<double> mx((size_t)count);
        accumulate(Max<T>{}, x, outer, n, inner, nullptr, [&](int64_t k, T m) { mx[k] = (double)m; });
        accumulate(ExpSum<T>{}, x, outer, n, inner, mx.data(), [&](int64_t k, double s) {
          double m = mx[k];  // all -inf gives -inf, any +inf gives +inf, NaN stays NaN
          out[k] = (T)(std::isinf(m) ? m : m + std::log(s));
        });
        return TS_OK;
      }
      case TS_NORM: {
        double p = param;
        if (p == 0) write(PowSum<T, 0>{}, same);
        else if (p == 1) write(PowSum<T, 1>{}, same);
        else if (p == 2) write(PowSum<T, 2>{}, [](double s) { return std::sqrt(s); });
        else if (std::isinf(p) && p > 0) write(AbsExtreme<T, true>{}, same);
        else if (std::isinf(p)) write(AbsExtreme<T, false>{}, same);
        else write(GeneralPowSum<T>{p}, [p](double s) { return std::pow(s, 1.0 / p); });
        return TS_OK;
      }
      default: break;
    }
  }
  return fail(TS_ERR_INVALID, "reduce: unknown op code %d", op);
}

}  // namespace

TS_EXPORT const char *ts_reduce_name(int op) {
  static const char *const names[TS_REDUCE_COUNT] = {"sum",    "mean", "prod", "max",       "min", "argmax",
                                                     "argmin", "var",  "std",  "logsumexp", "norm"};
  return op >= 0 && op < TS_REDUCE_COUNT ? names[op] : nullptr;
}

TS_EXPORT int ts_reduce(int op, int dtype, int64_t outer, int64_t n, int64_t inner, const void *x, void *out,
                        double param) {
  const char *name = ts_reduce_name(op);
  if (!name) return fail(TS_ERR_INVALID, "reduce: unknown op code %d", op);
  if (!ts::dtype_name(dtype)) return fail(TS_ERR_INVALID, "%s: unknown dtype code %d", name, dtype);
  if (outer < 0 || n < 0 || inner < 0)
    return fail(TS_ERR_INVALID, "%s: negative size [%lld, %lld, %lld]", name, (long long)outer, (long long)n,
                (long long)inner);
  if (dtype == TS_BOOL) return fail(TS_ERR_UNSUPPORTED, "%s: not supported for dtype bool", name);
  if (n == 0 && (op == TS_MAX || op == TS_MIN || op == TS_ARGMAX || op == TS_ARGMIN))
    return fail(TS_ERR_INVALID, "%s: reduction over an empty dimension (n == 0)", name);
  if (outer == 0 || inner == 0) return TS_OK;
  try {
    return ts::dispatch_dtype(dtype, [&](auto zero) -> int {
      using T = decltype(zero);
      if constexpr (std::is_same_v<T, bool>) return TS_ERR_UNSUPPORTED;  // rejected above
      else return reduce_typed<T>(op, dtype, outer, n, inner, static_cast<const T *>(x), out, param);
    });
  } catch (const std::bad_alloc &) {
    return fail(TS_ERR_ALLOC, "%s: out of memory for scratch buffers", name);
  }
}
