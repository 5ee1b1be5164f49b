// elementwise.cc: unary and binary elementwise kernels, strided copies with dtype conversion and
// where (elementwise.h). One functor per op, one loop template per arity; the strided forms walk
// rows with ts::Strided and use the contiguous loop whenever a row is dense.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "internal.h"
#include "strided.h"
#include "tessera/elementwise.h"

namespace {

using ts::fail;
using ts::Strided;

template <typename T>
constexpr bool is_float = std::is_floating_point_v<T>;
template <typename T>
constexpr bool is_bool = std::is_same_v<T, bool>;

// Two's-complement wrap-around for integer arithmetic (signed overflow is UB in C++).
template <typename T> struct WideOf { using type = T; };
template <> struct WideOf<int32_t> { using type = uint32_t; };
template <> struct WideOf<int64_t> { using type = uint64_t; };
template <typename T>
using Wide = typename WideOf<T>::type;
template <typename T>
T wrap_neg(T x) { return (T)(Wide<T>(0) - (Wide<T>)x); }

// Arithmetic that wraps for integers and is or/and for BOOL.
template <typename T>
T add(T a, T b) {
  if constexpr (is_bool<T>) return a | b;
  else return (T)(Wide<T>(a) + Wide<T>(b));
}
template <typename T>
T sub(T a, T b) { return (T)(Wide<T>(a) - Wide<T>(b)); }
template <typename T>
T mul(T a, T b) {
  if constexpr (is_bool<T>) return a & b;
  else return (T)(Wide<T>(a) * Wide<T>(b));
}

// ---- unary ops: Op<T>(alpha, beta), T operator()(T); int_ok = also I32/I64/U8 (never BOOL).

#define TS_UNARY(Name, ints, expr)                                \
  template <typename T>                                           \
  struct Name {                                                   \
    static constexpr bool int_ok = ints;                          \
    T a, b;                                                       \
    Name(double alpha, double beta) : a((T)alpha), b((T)beta) {} \
    T operator()(T x) const { return expr; }                      \
  };

TS_UNARY(Neg, true, is_float<T> ? -x : wrap_neg(x))
TS_UNARY(Abs, true, is_float<T> ? std::abs(x) : (x < 0 ? wrap_neg(x) : x))
TS_UNARY(Exp, false, ts::vexp(x))
TS_UNARY(Log, false, std::log(x))
TS_UNARY(Sqrt, false, std::sqrt(x))
TS_UNARY(Rsqrt, false, T(1) / std::sqrt(x))
TS_UNARY(Relu, true, x < 0 ? T(0) : x)  // NaN passes through
TS_UNARY(LeakyRelu, false, x < 0 ? a * x : x)
TS_UNARY(Elu, false, x > 0 ? x : a * std::expm1(x))
// exact GELU 0.5 x (1 + erf(x / sqrt 2)), written with erfc so large negative x keeps its digits
TS_UNARY(Gelu, false, T(0.5) * x * std::erfc(x * T(-0.70710678118654752440)))
TS_UNARY(Softplus, false, std::log1p(std::exp(-std::abs(x))) + (x > 0 ? x : T(0)))
TS_UNARY(Sin, false, std::sin(x))
TS_UNARY(Cos, false, std::cos(x))
TS_UNARY(Sign, true, x > 0 ? T(1) : (x < 0 ? T(-1) : x))  // keeps 0, -0 and NaN
#undef TS_UNARY

// sigmoid = 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) below, so e^-|x| never overflows.
template <typename T>
struct Sigmoid {
  static constexpr bool int_ok = false;
  Sigmoid(double, double) {}
  T operator()(T x) const {
    T e = ts::vexp(-std::abs(x));
    T r = T(1) / (T(1) + e);
    return x >= 0 ? r : e * r;
  }
};

// tanh: libm for double; for float Cephes tanhf (odd polynomial below 0.625, else via exp), so it
// vectorises. Within 2 ulp.
template <typename T>
struct Tanh {
  static constexpr bool int_ok = false;
  Tanh(double, double) {}
  T operator()(T x) const {
    if constexpr (std::is_same_v<T, float>) {
      float ax = std::abs(x);
      float z = x * x;
      float p = ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z - 5.37397155531e-2f) * z +
                  1.33314422036e-1f) * z - 3.33332819422e-1f) * z * x + x;
      float big = 1.0f - 2.0f / (ts::exp_f32(2.0f * ax) + 1.0f);
      return ax > 0.625f ? std::copysign(big, x) : p;
    } else {
      return std::tanh(x);
    }
  }
};

// clamp(x, lo, hi) as torch: max then min, NaN x passes, an infinite or NaN bound is no bound.
// Integer bounds are rounded inwards and saturated to T's range.
template <typename T>
struct Clamp {
  static constexpr bool int_ok = true;
  T lo, hi;
  static T bound(double v, bool lower) {
    using L = std::numeric_limits<T>;
    if constexpr (is_float<T>) {
      return v != v ? (lower ? -L::infinity() : L::infinity()) : (T)v;
    } else {
      if (v != v) return lower ? L::lowest() : L::max();
      v = lower ? std::ceil(v) : std::floor(v);
      if (v <= (double)L::lowest()) return L::lowest();
      if (v >= (double)L::max()) return L::max();
      return (T)v;
    }
  }
  Clamp(double alpha, double beta) : lo(bound(alpha, true)), hi(bound(beta, false)) {}
  T operator()(T x) const {
    T r = x < lo ? lo : x;
    return r > hi ? hi : r;
  }
};

template <typename Op, typename T>
TS_SIMD_CLONES void unary_contig(Op op, const T *x, T *o, int64_t n) {
  for (int64_t i = 0; i < n; i++) o[i] = op(x[i]);
}

template <typename Op, typename T>
void unary_any(Op op, const T *x, int64_t sx, T *o, int64_t so, int64_t n) {
  if (sx == 1 && so == 1) return unary_contig(op, x, o, n);
  for (int64_t i = 0; i < n; i++) o[i * so] = op(x[i * sx]);
}

// Runs unary op `Op` on dtype; s == nullptr means contiguous with n elements.
template <template <typename> class Op>
int unary_run(int code, int dtype, const Strided<2> *s, int64_t n, const void *x, void *out, double alpha,
              double beta) {
  return ts::dispatch_dtype(dtype, [&](auto zero) -> int {
    using T = decltype(zero);
    if constexpr (is_bool<T> || (!is_float<T> && !Op<T>::int_ok)) {
      return fail(TS_ERR_UNSUPPORTED, "%s: not supported for dtype %s", ts_unary_name(code), ts::dtype_name(dtype));
    } else {
      Op<T> op(alpha, beta);
      const T *xp = static_cast<const T *>(x);
      T *op_out = static_cast<T *>(out);
      if (!s) {
        unary_contig(op, xp, op_out, n);
      } else {
        s->for_each_row([&](const int64_t *off) {
          unary_any(op, xp + off[0], s->inner_stride(0), op_out + off[1], s->inner_stride(1), s->inner_size());
        });
      }
      return TS_OK;
    }
  });
}

int unary_dispatch(int op, int dtype, const Strided<2> *s, int64_t n, const void *x, void *out,
                   double a, double b) {
  if (!ts::dtype_name(dtype)) return fail(TS_ERR_INVALID, "unary: unknown dtype code %d", dtype);
  switch (op) {
    case TS_NEG: return unary_run<Neg>(op, dtype, s, n, x, out, a, b);
    case TS_ABS: return unary_run<Abs>(op, dtype, s, n, x, out, a, b);
    case TS_EXP: return unary_run<Exp>(op, dtype, s, n, x, out, a, b);
    case TS_LOG: return unary_run<Log>(op, dtype, s, n, x, out, a, b);
    case TS_SQRT: return unary_run<Sqrt>(op, dtype, s, n, x, out, a, b);
    case TS_RSQRT: return unary_run<Rsqrt>(op, dtype, s, n, x, out, a, b);
    case TS_SIGMOID: return unary_run<Sigmoid>(op, dtype, s, n, x, out, a, b);
    case TS_TANH: return unary_run<Tanh>(op, dtype, s, n, x, out, a, b);
    case TS_RELU: return unary_run<Relu>(op, dtype, s, n, x, out, a, b);
    case TS_LEAKY_RELU: return unary_run<LeakyRelu>(op, dtype, s, n, x, out, a, b);
    case TS_ELU: return unary_run<Elu>(op, dtype, s, n, x, out, a, b);
    case TS_GELU: return unary_run<Gelu>(op, dtype, s, n, x, out, a, b);
    case TS_SOFTPLUS: return unary_run<Softplus>(op, dtype, s, n, x, out, a, b);
    case TS_SIN: return unary_run<Sin>(op, dtype, s, n, x, out, a, b);
    case TS_COS: return unary_run<Cos>(op, dtype, s, n, x, out, a, b);
    case TS_SIGN: return unary_run<Sign>(op, dtype, s, n, x, out, a, b);
    case TS_CLAMP: return unary_run<Clamp>(op, dtype, s, n, x, out, a, b);
    default: return fail(TS_ERR_INVALID, "unary: unknown op code %d", op);
  }
}

// ---- binary ops: Op<T>, R operator()(T, T) with R = T or bool; flags say which dtypes work.

template <typename T>
T int_pow(T base, T exp) {
  if constexpr (std::is_signed_v<T>) {
    if (exp < 0) return base == 1 ? T(1) : (base == -1 ? (exp % 2 ? T(-1) : T(1)) : T(0));
  }
  Wide<T> r = 1, b = (Wide<T>)base;
  for (Wide<T> e = (Wide<T>)exp; e; e >>= 1) {
    if (e & 1) r = (Wide<T>)(r * b);
    b = (Wide<T>)(b * b);
  }
  return (T)r;
}

// A NaN in a or b wins (a NaN a is kept because neither test picks b).
template <typename T>
T nan_max(T a, T b) { return (b > a) | (b != b) ? b : a; }
template <typename T>
T nan_min(T a, T b) { return (b < a) | (b != b) ? b : a; }

// int_ok: I32/I64/U8; bool_ok: BOOL. Floats always.
#define TS_BINARY(Name, R_, ints, bools, expr)     \
  template <typename T>                             \
  struct Name {                                     \
    using R = R_;                                   \
    static constexpr bool int_ok = ints;            \
    static constexpr bool bool_ok = bools;          \
    R operator()(T a, T b) const { return expr; }   \
  };
TS_BINARY(Add, T, true, true, add(a, b))
TS_BINARY(Sub, T, true, false, sub(a, b))
TS_BINARY(Mul, T, true, true, mul(a, b))
TS_BINARY(Div, T, false, false, a / b)
TS_BINARY(Max, T, true, true, nan_max(a, b))
TS_BINARY(Min, T, true, true, nan_min(a, b))
TS_BINARY(Eq, bool, true, true, a == b)
TS_BINARY(Ne, bool, true, true, a != b)
TS_BINARY(Lt, bool, true, true, a < b)
TS_BINARY(Le, bool, true, true, a <= b)
TS_BINARY(Gt, bool, true, true, a > b)
TS_BINARY(Ge, bool, true, true, a >= b)
#undef TS_BINARY

template <typename T>
struct Pow {
  using R = T;
  static constexpr bool int_ok = true;
  static constexpr bool bool_ok = false;
  T operator()(T a, T b) const {
    if constexpr (is_float<T>) return std::pow(a, b);
    else if constexpr (is_bool<T>) return a;  // never called (bool_ok is false)
    else return int_pow(a, b);
  }
};

// SA/SB = 1 for a dense operand, 0 for a broadcast scalar.
template <int SA, int SB, typename Op, typename T, typename R>
TS_SIMD_CLONES void binary_contig(Op op, const T *a, const T *b, R *o, int64_t n) {
  for (int64_t i = 0; i < n; i++) o[i] = op(a[i * SA], b[i * SB]);
}

template <typename Op, typename T, typename R>
void binary_any(Op op, const T *a, int64_t sa, const T *b, int64_t sb, R *o, int64_t so, int64_t n) {
  if (so == 1 && sa == 1 && sb == 1) return binary_contig<1, 1>(op, a, b, o, n);
  if (so == 1 && sa == 1 && sb == 0) return binary_contig<1, 0>(op, a, b, o, n);
  if (so == 1 && sa == 0 && sb == 1) return binary_contig<0, 1>(op, a, b, o, n);
  for (int64_t i = 0; i < n; i++) o[i * so] = op(a[i * sa], b[i * sb]);
}

template <template <typename> class Op>
int binary_run(int code, int dtype, const Strided<3> *s, int64_t n, const void *a, const void *b, void *out) {
  return ts::dispatch_dtype(dtype, [&](auto zero) -> int {
    using T = decltype(zero);
    using R = typename Op<T>::R;
    if constexpr (is_bool<T> ? !Op<T>::bool_ok : (!is_float<T> && !Op<T>::int_ok)) {
      return fail(TS_ERR_UNSUPPORTED, "%s: not supported for dtype %s", ts_binary_name(code), ts::dtype_name(dtype));
    } else {
      Op<T> op;
      const T *ap = static_cast<const T *>(a), *bp = static_cast<const T *>(b);
      R *o = static_cast<R *>(out);
      if (!s) {
        binary_contig<1, 1>(op, ap, bp, o, n);
      } else {
        s->for_each_row([&](const int64_t *off) {
          binary_any(op, ap + off[0], s->inner_stride(0), bp + off[1], s->inner_stride(1), o + off[2],
                     s->inner_stride(2), s->inner_size());
        });
      }
      return TS_OK;
    }
  });
}

int binary_dispatch(int op, int dtype, const Strided<3> *s, int64_t n, const void *a, const void *b,
                    void *out) {
  if (!ts::dtype_name(dtype)) return fail(TS_ERR_INVALID, "binary: unknown dtype code %d", dtype);
  switch (op) {
    case TS_ADD: return binary_run<Add>(op, dtype, s, n, a, b, out);
    case TS_SUB: return binary_run<Sub>(op, dtype, s, n, a, b, out);
    case TS_MUL: return binary_run<Mul>(op, dtype, s, n, a, b, out);
    case TS_DIV: return binary_run<Div>(op, dtype, s, n, a, b, out);
    case TS_POW: return binary_run<Pow>(op, dtype, s, n, a, b, out);
    case TS_MAXIMUM: return binary_run<Max>(op, dtype, s, n, a, b, out);
    case TS_MINIMUM: return binary_run<Min>(op, dtype, s, n, a, b, out);
    case TS_EQ: return binary_run<Eq>(op, dtype, s, n, a, b, out);
    case TS_NE: return binary_run<Ne>(op, dtype, s, n, a, b, out);
    case TS_LT: return binary_run<Lt>(op, dtype, s, n, a, b, out);
    case TS_LE: return binary_run<Le>(op, dtype, s, n, a, b, out);
    case TS_GT: return binary_run<Gt>(op, dtype, s, n, a, b, out);
    case TS_GE: return binary_run<Ge>(op, dtype, s, n, a, b, out);
    default: return fail(TS_ERR_INVALID, "binary: unknown op code %d", op);
  }
}

// ---- conversions

// Float -> integer truncates toward zero (narrow types through int64, wrapping like torch);
// anything -> bool is x != 0.
template <typename D, typename S>
inline D convert(S x) {
  if constexpr (is_bool<D>) return x != S(0);
  else if constexpr (is_float<S> && !is_float<D> && sizeof(D) < 8) return (D)(int64_t)x;
  else return static_cast<D>(x);
}

template <typename S, typename D>
TS_SIMD_CLONES void convert_contig(const S *x, D *o, int64_t n) {
  for (int64_t i = 0; i < n; i++) o[i] = convert<D>(x[i]);
}

}  // namespace

TS_EXPORT const char *ts_unary_name(int op) {
  static const char *const names[TS_UNARY_COUNT] = {
      "neg", "abs", "exp", "log", "sqrt", "rsqrt", "sigmoid", "tanh", "relu",
      "leaky_relu", "elu", "gelu", "softplus", "sin", "cos", "sign", "clamp"};
  return op >= 0 && op < TS_UNARY_COUNT ? names[op] : nullptr;
}

TS_EXPORT int ts_unary_contig(int op, int dtype, int64_t n, const void *x, void *out, double alpha,
                              double beta) {
  if (n < 0) return fail(TS_ERR_INVALID, "unary: negative length %lld", (long long)n);
  return unary_dispatch(op, dtype, nullptr, n, x, out, alpha, beta);
}

TS_EXPORT int ts_unary_strided(int op, int dtype, int ndim, const int64_t *meta, const void *x,
                               void *out, double alpha, double beta) {
  Strided<2> s;
  if (int rc = s.parse("unary", ndim, meta)) return rc;
  return unary_dispatch(op, dtype, &s, 0, x, out, alpha, beta);
}

TS_EXPORT const char *ts_binary_name(int op) {
  static const char *const names[TS_BINARY_COUNT] = {"add", "sub", "mul", "div", "pow", "maximum", "minimum",
                                                     "eq",  "ne",  "lt",  "le",  "gt",  "ge"};
  return op >= 0 && op < TS_BINARY_COUNT ? names[op] : nullptr;
}

TS_EXPORT int ts_binary_contig(int op, int dtype, int64_t n, const void *a, const void *b, void *out) {
  if (n < 0) return fail(TS_ERR_INVALID, "binary: negative length %lld", (long long)n);
  return binary_dispatch(op, dtype, nullptr, n, a, b, out);
}

TS_EXPORT int ts_binary_strided(int op, int dtype, int ndim, const int64_t *meta, const void *a,
                                const void *b, void *out) {
  Strided<3> s;
  if (int rc = s.parse("binary", ndim, meta)) return rc;
  return binary_dispatch(op, dtype, &s, 0, a, b, out);
}

TS_EXPORT int ts_copy_strided(int src_dtype, int dst_dtype, int ndim, const int64_t *meta,
                              const void *src, void *dst) {
  if (!ts::dtype_name(src_dtype) || !ts::dtype_name(dst_dtype))
    return fail(TS_ERR_INVALID, "copy: unknown dtype codes %d -> %d", src_dtype, dst_dtype);
  Strided<2> s;
  if (int rc = s.parse("copy", ndim, meta)) return rc;
  return ts::dispatch_dtype(src_dtype, [&](auto szero) {
    return ts::dispatch_dtype(dst_dtype, [&](auto dzero) {
      using S = decltype(szero);
      using D = decltype(dzero);
      const S *x = static_cast<const S *>(src);
      D *o = static_cast<D *>(dst);
      const int64_t n = s.inner_size(), sx = s.inner_stride(0), so = s.inner_stride(1);
      s.for_each_row([&](const int64_t *off) {
        const S *xr = x + off[0];
        D *orow = o + off[1];
        if (sx == 1 && so == 1) {
          if constexpr (std::is_same_v<S, D>) std::memcpy(orow, xr, (size_t)n * sizeof(S));
          else convert_contig(xr, orow, n);
        } else {
          for (int64_t i = 0; i < n; i++) orow[i * so] = convert<D>(xr[i * sx]);
        }
      });
      return TS_OK;
    });
  });
}

TS_EXPORT int ts_where_strided(int dtype, int ndim, const int64_t *meta, const void *cond,
                               const void *a, const void *b, void *out) {
  if (!ts::dtype_name(dtype)) return fail(TS_ERR_INVALID, "where: unknown dtype code %d", dtype);
  Strided<4> s;
  if (int rc = s.parse("where", ndim, meta)) return rc;
  return ts::dispatch_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    const uint8_t *c = static_cast<const uint8_t *>(cond);
    const T *ap = static_cast<const T *>(a), *bp = static_cast<const T *>(b);
    T *o = static_cast<T *>(out);
    const int64_t n = s.inner_size();
    const int64_t sc = s.inner_stride(0), sa = s.inner_stride(1), sb = s.inner_stride(2), so = s.inner_stride(3);
    s.for_each_row([&](const int64_t *off) {
      const uint8_t *cr = c + off[0];
      const T *ar = ap + off[1], *br = bp + off[2];
      T *orow = o + off[3];
      for (int64_t i = 0; i < n; i++) orow[i * so] = cr[i * sc] ? ar[i * sa] : br[i * sb];
    });
    return TS_OK;
  });
}
