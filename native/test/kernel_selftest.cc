// kernel_selftest.cc: a quick standalone check of the CPU kernels through the C ABI alone, each
// compared with a plain scalar loop (the JUnit suites in tests/ are the full test). Built as
// tessera_native_selftest; prints "N passed, M failed" and exits non-zero on a failure.
// `tessera_native_selftest --bench` also times the default gemm version (F32, one thread) at 512 and 1024.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <vector>

#include "tessera/tessera.h"

static int passed = 0, failed = 0;

#define CHECK(cond, ...)                                  \
  do {                                                    \
    if (cond) {                                           \
      passed++;                                           \
    } else {                                              \
      failed++;                                           \
      std::printf("FAIL line %d: ", __LINE__);            \
      std::printf(__VA_ARGS__);                           \
      std::printf("  [%s]\n", ts_last_error());           \
    }                                                     \
  } while (0)

static const double inf = std::numeric_limits<double>::infinity();
static const double nan_ = std::numeric_limits<double>::quiet_NaN();

static bool close(double got, double want, double rtol, double atol = 1e-12) {
  if (std::isnan(want)) return std::isnan(got);
  if (std::isinf(want)) return got == want;
  return std::fabs(got - want) <= atol + rtol * std::fabs(want);
}

static double ref_unary(int op, double x, double a, double b) {
  switch (op) {
    case TS_NEG: return -x;
    case TS_ABS: return std::fabs(x);
    case TS_EXP: return std::exp(x);
    case TS_LOG: return std::log(x);
    case TS_SQRT: return std::sqrt(x);
    case TS_RSQRT: return 1 / std::sqrt(x);
    case TS_SIGMOID: return 1 / (1 + std::exp(-x));
    case TS_TANH: return std::tanh(x);
    case TS_RELU: return std::isnan(x) ? x : (x > 0 ? x : 0);
    case TS_LEAKY_RELU: return x > 0 ? x : a * x;
    case TS_ELU: return x > 0 ? x : a * (std::exp(x) - 1);
    case TS_GELU: return 0.5 * x * std::erfc(-x / std::sqrt(2.0));  // = 0.5 x (1 + erf(x / sqrt 2))
    case TS_SOFTPLUS: return std::isnan(x) ? x : (x > 30 ? x : std::log1p(std::exp(x)));
    case TS_SIN: return std::sin(x);
    case TS_COS: return std::cos(x);
    case TS_SIGN: return std::isnan(x) ? x : (x > 0) - (x < 0);
    case TS_CLAMP: return std::isnan(x) ? x : std::fmin(std::fmax(x, a), b);
  }
  return nan_;
}

static void test_unary() {
  const std::vector<double> xs = {-50, -3.5, -1, -0.3, 0, 1e-5, 0.2, 0.7, 1, 2.5, 10, 80, inf, -inf, nan_};
  for (int op = 0; op < TS_UNARY_COUNT; op++) {
    double a = op == TS_CLAMP ? -1.5 : 0.1, b = op == TS_CLAMP ? inf : 0;
    std::vector<double> o64(xs.size());
    std::vector<float> x32(xs.begin(), xs.end()), o32(xs.size());
    CHECK(ts_unary_contig(op, TS_F64, (int64_t)xs.size(), xs.data(), o64.data(), a, b) == TS_OK, "unary %d f64", op);
    CHECK(ts_unary_contig(op, TS_F32, (int64_t)xs.size(), x32.data(), o32.data(), a, b) == TS_OK, "unary %d f32", op);
    for (size_t i = 0; i < xs.size(); i++) {
      if ((op == TS_SIN || op == TS_COS) && std::isinf(xs[i])) continue;
      double want = ref_unary(op, xs[i], a, b);
      CHECK(close(o64[i], want, 1e-14, 1e-300), "%s(%g) f64: %.17g want %.17g", ts_unary_name(op), xs[i], o64[i], want);
      double want32 = ref_unary(op, (double)(float)xs[i], a, b);
      if (std::fabs(want32) > 3.4e38) want32 = want32 > 0 ? inf : -inf;
      CHECK(close(o32[i], want32, 5e-7, 1e-37), "%s(%g) f32: %.9g want %.9g", ts_unary_name(op), xs[i], o32[i], want32);
    }
  }
  // exp_f32 over its whole range: within 2 ulp of the rounded double result.
  int bad = 0;
  for (double x = -103.9; x < 88.7; x += 0.0137) {
    float xf = (float)x, got;
    ts_unary_contig(TS_EXP, TS_F32, 1, &xf, &got, 0, 0);
    float want = (float)std::exp((double)xf);
    double ulp = (double)std::nextafter(want, INFINITY) - want;
    if (want >= 1.2e-38f && std::fabs(got - want) > 2 * ulp) bad++;
  }
  CHECK(bad == 0, "exp f32: %d values beyond 2 ulp", bad);
  // Integers.
  int32_t xi[] = {INT32_MIN, -7, -1, 0, 3, 100}, oi[6];
  CHECK(ts_unary_contig(TS_ABS, TS_I32, 6, xi, oi, 0, 0) == TS_OK && oi[0] == INT32_MIN && oi[1] == 7 && oi[5] == 100, "abs i32");
  CHECK(ts_unary_contig(TS_SIGN, TS_I32, 6, xi, oi, 0, 0) == TS_OK && oi[1] == -1 && oi[3] == 0 && oi[4] == 1, "sign i32");
  CHECK(ts_unary_contig(TS_CLAMP, TS_I32, 6, xi, oi, -2.5, inf) == TS_OK && oi[0] == -2 && oi[2] == -1 && oi[5] == 100, "clamp i32");
  CHECK(ts_unary_contig(TS_RELU, TS_I32, 6, xi, oi, 0, 0) == TS_OK && oi[1] == 0 && oi[4] == 3, "relu i32");
  CHECK(ts_unary_contig(TS_LOG, TS_I32, 6, xi, oi, 0, 0) == TS_ERR_UNSUPPORTED, "log i32 unsupported");
  CHECK(ts_unary_contig(TS_NEG, TS_BOOL, 6, xi, oi, 0, 0) == TS_ERR_UNSUPPORTED, "neg bool unsupported");
  CHECK(ts_unary_contig(99, TS_F32, 6, xi, oi, 0, 0) == TS_ERR_INVALID, "unknown unary op");
  CHECK(ts_unary_contig(TS_EXP, TS_F32, 0, nullptr, nullptr, 0, 0) == TS_OK, "n == 0");
}

static void test_binary() {
  const double av[] = {1, -2, 3.5, nan_, 0, inf, 2}, bv[] = {2, 5, nan_, 1, -0.0, 1, -3};
  const int n = 7;
  double o[n];
  uint8_t ob[n];
  for (int op = 0; op < TS_BINARY_COUNT; op++) {
    bool cmp = op >= TS_EQ;
    int rc = ts_binary_contig(op, TS_F64, n, av, bv, cmp ? (void *)ob : (void *)o);
    CHECK(rc == TS_OK, "binary %d f64", op);
    for (int i = 0; i < n; i++) {
      double a = av[i], b = bv[i], want;
      switch (op) {
        case TS_ADD: want = a + b; break;
        case TS_SUB: want = a - b; break;
        case TS_MUL: want = a * b; break;
        case TS_DIV: want = a / b; break;
        case TS_POW: want = std::pow(a, b); break;
        case TS_MAXIMUM: want = std::isnan(a) || std::isnan(b) ? nan_ : std::fmax(a, b); break;
        case TS_MINIMUM: want = std::isnan(a) || std::isnan(b) ? nan_ : std::fmin(a, b); break;
        case TS_EQ: want = a == b; break;
        case TS_NE: want = a != b; break;
        case TS_LT: want = a < b; break;
        case TS_LE: want = a <= b; break;
        case TS_GT: want = a > b; break;
        default: want = a >= b; break;
      }
      double got = cmp ? ob[i] : o[i];
      CHECK(close(got, want, 1e-15), "%s(%g, %g): %g want %g", ts_binary_name(op), a, b, got, want);
    }
  }
  int64_t ia[] = {2, -2, 3, 1, -1, -1, 0, 7}, ib[] = {10, 3, -1, -5, -3, -4, 0, 0}, io[8];
  const int64_t pw[] = {1024, -8, 0, 1, -1, 1, 1, 1};
  CHECK(ts_binary_contig(TS_POW, TS_I64, 8, ia, ib, io) == TS_OK && std::memcmp(io, pw, sizeof pw) == 0, "pow i64");
  CHECK(ts_binary_contig(TS_DIV, TS_I64, 8, ia, ib, io) == TS_ERR_UNSUPPORTED, "div i64 unsupported");
  uint8_t ba[] = {0, 0, 1, 1}, bb[] = {0, 1, 0, 1}, bo[4];
  CHECK(ts_binary_contig(TS_ADD, TS_BOOL, 4, ba, bb, bo) == TS_OK && !bo[0] && bo[1] && bo[2] && bo[3], "bool add = or");
  CHECK(ts_binary_contig(TS_MUL, TS_BOOL, 4, ba, bb, bo) == TS_OK && !bo[0] && !bo[1] && !bo[2] && bo[3], "bool mul = and");
  CHECK(ts_binary_contig(TS_SUB, TS_BOOL, 4, ba, bb, bo) == TS_ERR_UNSUPPORTED, "bool sub unsupported");
  CHECK(ts_binary_contig(TS_BINARY_COUNT, TS_F32, 4, ba, bb, bo) == TS_ERR_INVALID, "unknown binary op");

  // Broadcast a [3,1] + b [1,4] into a transposed out (out strides 1, 3), and b read transposed.
  float a[3] = {1, 2, 3}, b[8] = {10, 0, 20, 0, 30, 0, 40, 0}, out[12];
  int64_t meta[] = {3, 4, /*a*/ 1, 0, /*b*/ 0, 2, /*out*/ 1, 3};
  CHECK(ts_binary_strided(TS_SUB, TS_F32, 2, meta, a, b, out) == TS_OK, "strided sub");
  bool ok = true;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++) ok &= out[i + 3 * j] == a[i] - b[2 * j];
  CHECK(ok, "strided broadcast sub values");
  int64_t bad_meta[] = {-1, 1, 1, 1};
  CHECK(ts_binary_strided(TS_ADD, TS_F32, 1, bad_meta, a, b, out) == TS_ERR_INVALID, "negative size");
  CHECK(ts_binary_strided(TS_ADD, TS_F32, 17, meta, a, b, out) == TS_ERR_INVALID, "ndim 17");
  float s = 0;
  CHECK(ts_binary_strided(TS_ADD, TS_F32, 0, nullptr, a, b, &s) == TS_OK && s == 11, "ndim 0 is one element");
  // Unary strided over a transposed input.
  float x[6] = {-1, 2, -3, 4, -5, 6}, ux[6];
  int64_t um[] = {2, 3, 1, 2, 3, 1};  // x is [3,2] transposed to [2,3]
  CHECK(ts_unary_strided(TS_ABS, TS_F32, 2, um, x, ux, 0, 0) == TS_OK && ux[0] == 1 && ux[1] == 3 && ux[3] == 2, "strided abs");
}

static void test_copy_where() {
  float src[6] = {-2.7f, 2.7f, 0.0f, NAN, 255.0f, -0.5f};
  int32_t i32[6];
  uint8_t bo[6];
  int64_t m1[] = {6, 1, 1};
  CHECK(ts_copy_strided(TS_F32, TS_I32, 1, m1, src, i32) == TS_OK && i32[0] == -2 && i32[1] == 2 && i32[5] == 0, "f32->i32 truncation");
  CHECK(ts_copy_strided(TS_F32, TS_BOOL, 1, m1, src, bo) == TS_OK && bo[0] && !bo[2] && bo[3] && bo[5], "f32->bool");
  double d[6];
  CHECK(ts_copy_strided(TS_BOOL, TS_F64, 1, m1, bo, d) == TS_OK && d[0] == 1 && d[2] == 0, "bool->f64");
  int64_t t[6] = {0, 1, 2, 3, 4, 5}, tt[6];
  int64_t mt[] = {3, 2, 1, 3, 2, 1};  // transpose [2,3] -> [3,2]
  CHECK(ts_copy_strided(TS_I64, TS_I64, 2, mt, t, tt) == TS_OK && tt[1] == 3 && tt[2] == 1 && tt[5] == 5, "transposed copy");
  int ok_pairs = 0;
  const int64_t one[] = {1, 1, 1};
  for (int s = 0; s < TS_DTYPE_COUNT; s++)
    for (int dd = 0; dd < TS_DTYPE_COUNT; dd++) {
      uint64_t in = 0, outv = 0;
      ok_pairs += ts_copy_strided(s, dd, 1, one, &in, &outv) == TS_OK;
    }
  CHECK(ok_pairs == 36, "all 36 dtype pairs copy (%d)", ok_pairs);
  uint8_t c[3] = {1, 0, 1};
  float a[3] = {1, 2, 3}, b = -1, o[3];
  int64_t mw[] = {3, 1, 1, 0, 1};
  CHECK(ts_where_strided(TS_F32, 1, mw, c, a, &b, o) == TS_OK && o[0] == 1 && o[1] == -1 && o[2] == 3, "where broadcast");
}

// Reference reduction of x[outer, n, inner] in double.
static void test_reduce() {
  const int64_t O = 2, N = 5, I = 3;
  float x[O * N * I];
  for (int i = 0; i < O * N * I; i++) x[i] = (float)std::sin(i * 1.3) * 3;
  x[7] = x[22];  // a tie for argmax/argmin in some column
  float out[O * I];
  int64_t idx[O * I];
  for (int op : {TS_SUM, TS_MEAN, TS_PROD, TS_MAX, TS_MIN, TS_VAR, TS_STD, TS_LOGSUMEXP, TS_NORM}) {
    for (double param : {0.0, 1.0, 2.0, 3.0, inf}) {
      if (op != TS_NORM && op != TS_VAR && op != TS_STD && param != 0) continue;
      if ((op == TS_VAR || op == TS_STD) && param > 1) continue;
      CHECK(ts_reduce(op, TS_F32, O, N, I, x, out, param) == TS_OK, "reduce %d", op);
      for (int o = 0; o < O; o++)
        for (int j = 0; j < I; j++) {
          double s = 0, p = 1, mx = -inf, mn = inf, ss = 0, e = 0, nrm = 0;
          for (int i = 0; i < N; i++) {
            double v = x[(o * N + i) * I + j];
            s += v, p *= v, mx = std::fmax(mx, v), mn = std::fmin(mn, v);
            nrm = param == inf ? std::fmax(nrm, std::fabs(v)) : nrm + (param == 0 ? v != 0 : std::pow(std::fabs(v), param));
          }
          for (int i = 0; i < N; i++) {
            double v = x[(o * N + i) * I + j];
            ss += (v - s / N) * (v - s / N), e += std::exp(v - mx);
          }
          double want = op == TS_SUM ? s : op == TS_MEAN ? s / N : op == TS_PROD ? p : op == TS_MAX ? mx
                      : op == TS_MIN ? mn : op == TS_VAR ? ss / (N - param) : op == TS_STD ? std::sqrt(ss / (N - param))
                      : op == TS_LOGSUMEXP ? mx + std::log(e)
                      : (param == 0 || param == inf) ? nrm : std::pow(nrm, 1 / param);
          CHECK(close(out[o * I + j], want, 2e-6, 1e-6), "%s p=%g [%d,%d]: %g want %g", ts_reduce_name(op), param, o, j,
                out[o * I + j], want);
        }
    }
  }
  for (int op : {TS_ARGMAX, TS_ARGMIN}) {
    CHECK(ts_reduce(op, TS_F32, O, N, I, x, idx, 0) == TS_OK, "arg");
    for (int o = 0; o < O; o++)
      for (int j = 0; j < I; j++) {
        int64_t b = 0;
        for (int i = 1; i < N; i++) {
          float v = x[(o * N + i) * I + j], w = x[(o * N + b) * I + j];
          if (op == TS_ARGMAX ? v > w : v < w) b = i;
        }
        CHECK(idx[o * I + j] == b, "%s [%d,%d]: %lld want %lld", ts_reduce_name(op), o, j, (long long)idx[o * I + j], (long long)b);
      }
  }
  // Rows (inner == 1) with NaN / inf, long enough for the vector lanes.
  std::vector<double> r(40, 1.0);
  r[3] = 5, r[17] = nan_, r[30] = 5;
  double v;
  CHECK(ts_reduce(TS_MAX, TS_F64, 1, 40, 1, r.data(), &v, 0) == TS_OK && std::isnan(v), "max propagates NaN");
  CHECK(ts_reduce(TS_ARGMAX, TS_F64, 1, 40, 1, r.data(), &idx[0], 0) == TS_OK && idx[0] == 17, "argmax NaN first");
  r[17] = 1;
  CHECK(ts_reduce(TS_ARGMAX, TS_F64, 1, 40, 1, r.data(), &idx[0], 0) == TS_OK && idx[0] == 3, "argmax first of ties");
  CHECK(ts_reduce(TS_SUM, TS_F64, 1, 40, 1, r.data(), &v, 0) == TS_OK && v == 48, "sum row");
  std::vector<double> ninf(20, -inf);
  CHECK(ts_reduce(TS_LOGSUMEXP, TS_F64, 1, 20, 1, ninf.data(), &v, 0) == TS_OK && v == -inf, "logsumexp all -inf");
  ninf[4] = inf;
  CHECK(ts_reduce(TS_LOGSUMEXP, TS_F64, 1, 20, 1, ninf.data(), &v, 0) == TS_OK && v == inf, "logsumexp +inf");
  CHECK(ts_reduce(TS_VAR, TS_F64, 1, 1, 1, r.data(), &v, 1) == TS_OK && std::isnan(v), "var n=1 correction 1");
  // n == 0.
  CHECK(ts_reduce(TS_SUM, TS_F32, 1, 0, 2, x, out, 0) == TS_OK && out[0] == 0 && out[1] == 0, "sum n=0");
  CHECK(ts_reduce(TS_PROD, TS_F32, 1, 0, 1, x, out, 0) == TS_OK && out[0] == 1, "prod n=0");
  CHECK(ts_reduce(TS_MEAN, TS_F32, 1, 0, 1, x, out, 0) == TS_OK && std::isnan(out[0]), "mean n=0");
  CHECK(ts_reduce(TS_LOGSUMEXP, TS_F32, 1, 0, 1, x, out, 0) == TS_OK && out[0] == -INFINITY, "logsumexp n=0");
  CHECK(ts_reduce(TS_NORM, TS_F32, 1, 0, 1, x, out, 2) == TS_OK && out[0] == 0, "norm n=0");
  CHECK(ts_reduce(TS_MAX, TS_F32, 1, 0, 1, x, out, 0) == TS_ERR_INVALID, "max n=0 fails");
  // Integers.
  int32_t xi[] = {INT32_MAX, 1, -5, 7}, oi;
  CHECK(ts_reduce(TS_SUM, TS_I32, 1, 4, 1, xi, &oi, 0) == TS_OK && oi == INT32_MIN + 2, "sum i32 wraps");
  CHECK(ts_reduce(TS_MIN, TS_I32, 1, 4, 1, xi, &oi, 0) == TS_OK && oi == -5, "min i32");
  CHECK(ts_reduce(TS_MEAN, TS_I32, 1, 4, 1, xi, &oi, 0) == TS_ERR_UNSUPPORTED, "mean i32 unsupported");
  CHECK(ts_reduce(TS_SUM, TS_BOOL, 1, 4, 1, xi, &oi, 0) == TS_ERR_UNSUPPORTED, "sum bool unsupported");
}

static void test_softmax() {
  // [2, 4, 3] along the middle axis; column (1, 2) holds -inf entries, column (0, 1) is all -inf.
  const int O = 2, N = 4, I = 3;
  double x[O * N * I], y[O * N * I], ly[O * N * I];
  for (int i = 0; i < O * N * I; i++) x[i] = std::cos(i * 0.7) * 4;
  for (int i = 0; i < N; i++) x[i * I + 1] = -inf;
  x[(N + 0) * I + 2] = -inf, x[(N + 2) * I + 2] = -inf;
  for (int lg = 0; lg < 2; lg++) {
    double *o = lg ? ly : y;
    CHECK(ts_softmax(TS_F64, O, N, I, x, o, lg) == TS_OK, "softmax log=%d", lg);
    for (int b = 0; b < O; b++)
      for (int j = 0; j < I; j++) {
        double mx = -inf, s = 0;
        for (int i = 0; i < N; i++) mx = std::fmax(mx, x[(b * N + i) * I + j]);
        for (int i = 0; i < N; i++) s += std::exp(x[(b * N + i) * I + j] - mx);
        for (int i = 0; i < N; i++) {
          double v = x[(b * N + i) * I + j];
          double want = mx == -inf ? nan_ : lg ? v - mx - std::log(s) : std::exp(v - mx) / s;
          CHECK(close(o[(b * N + i) * I + j], want, 1e-13, 1e-15), "softmax log=%d [%d,%d,%d]: %g want %g", lg, b, i, j,
                o[(b * N + i) * I + j], want);
        }
      }
  }
  // A float row (inner == 1) long enough for the lanes, with -inf inside.
  std::vector<float> row(37), out(37);
  for (int i = 0; i < 37; i++) row[i] = i * 0.25f;
  row[5] = -INFINITY;
  CHECK(ts_softmax(TS_F32, 1, 37, 1, row.data(), out.data(), 0) == TS_OK, "softmax f32 row");
  double s = 0;
  for (float v : out) s += v;
  CHECK(out[5] == 0 && std::fabs(s - 1) < 1e-6, "softmax row: -inf -> 0, sums to 1 (%g)", s);
  CHECK(ts_softmax(TS_F32, 1, 37, 1, row.data(), out.data(), 1) == TS_OK && out[5] == -INFINITY, "log_softmax -inf");
  CHECK(ts_softmax(TS_I32, 1, 37, 1, row.data(), out.data(), 1) == TS_ERR_UNSUPPORTED, "softmax i32 unsupported");
}

static void test_index() {
  // x [3, 4] (values 10*i + j); index [3, 2] taken from a [2, 3] array transposed.
  float x[12];
  for (int i = 0; i < 12; i++) x[i] = (float)(10 * (i / 4) + i % 4);
  int64_t idx_t[6] = {0, -1, 2, 3, 1, -4};  // index[i][j] = idx_t[j * 3 + i]
  float out[6];
  int64_t meta[] = {3, 2, /*x*/ 4, 1, /*index*/ 1, 3, /*out*/ 2, 1};
  CHECK(ts_gather(TS_F32, 2, 1, meta, x, 4, idx_t, out) == TS_OK, "gather");
  bool ok = true;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 2; j++) {
      int64_t k = idx_t[j * 3 + i];
      ok &= out[i * 2 + j] == x[i * 4 + (k < 0 ? k + 4 : k)];
    }
  CHECK(ok, "gather values");
  int64_t bad[6] = {0, 7, 0, 0, 0, 0};
  CHECK(ts_gather(TS_F32, 2, 1, meta, x, 4, bad, out) == TS_ERR_INVALID &&
            std::strcmp(ts_last_error(), "gather: index 7 out of range for dimension 1 of size 4") == 0,
        "gather error message: '%s'", ts_last_error());
  // scatter along dim 0: out [3, 4] zeros, src [2, 4] rows to rows 2 and 0.
  float o[12] = {0}, src[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  int64_t si[8] = {2, 2, 2, 2, -3, 0, 0, 0};
  int64_t sm[] = {2, 4, 4, 1, 4, 1, 4, 1};
  CHECK(ts_scatter(TS_F32, 2, 0, sm, src, si, o, 3) == TS_OK && o[8] == 1 && o[11] == 4 && o[0] == 5 && o[3] == 8 && o[4] == 0, "scatter");
  si[0] = -4;
  CHECK(ts_scatter(TS_F32, 2, 0, sm, src, si, o, 3) == TS_ERR_INVALID, "scatter out of range");
  // index_select dim 1 with a negative index: out [3, 2].
  int64_t sel[2] = {-1, 1};
  int64_t im[] = {3, 2, 4, 1, 2, 1};
  CHECK(ts_index_select(TS_F32, 2, 1, im, x, 4, sel, 2, out) == TS_OK && out[0] == 3 && out[1] == 1 && out[4] == 23 && out[5] == 21,
        "index_select");
  sel[0] = 4;
  CHECK(ts_index_select(TS_F32, 2, 1, im, x, 4, sel, 2, out) == TS_ERR_INVALID, "index_select out of range");
}

static void test_index_add() {
  // scatter_add along dim 1 of out [2, 3] with repeated indices: index [2, 4] (row 0 all to column 1).
  float o[6] = {1, 1, 1, 1, 1, 1}, src[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  int64_t idx[8] = {1, 1, -2, 1, 0, 2, 0, -1};
  int64_t sm[] = {2, 4, /*src*/ 4, 1, /*index*/ 4, 1, /*out*/ 3, 1};
  CHECK(ts_scatter_add(TS_F32, 2, 1, sm, src, idx, o, 3) == TS_OK && o[0] == 1 && o[1] == 11 && o[2] == 1 && o[3] == 13 &&
            o[4] == 1 && o[5] == 15,
        "scatter_add repeated: %g %g %g %g %g %g", o[0], o[1], o[2], o[3], o[4], o[5]);
  // Many repeats into one element, every dtype but bool: the sum of 0..99 (u8 wraps).
  {
    std::vector<int64_t> z(100, 0);
    int64_t m1[] = {100, 1, 1, 1};
    for (int dt : {TS_F32, TS_F64, TS_I32, TS_I64, TS_U8}) {
      double got = 0;
      bool ok = true;
      if (dt == TS_F32) { std::vector<float> v(100); for (int i = 0; i < 100; i++) v[i] = (float)i; float out = 0.5f; ok = ts_scatter_add(dt, 1, 0, m1, v.data(), z.data(), &out, 1) == TS_OK; got = out - 0.5; }
      if (dt == TS_F64) { std::vector<double> v(100); for (int i = 0; i < 100; i++) v[i] = i; double out = 0; ok = ts_scatter_add(dt, 1, 0, m1, v.data(), z.data(), &out, 1) == TS_OK; got = out; }
      if (dt == TS_I32) { std::vector<int32_t> v(100); for (int i = 0; i < 100; i++) v[i] = i; int32_t out = 0; ok = ts_scatter_add(dt, 1, 0, m1, v.data(), z.data(), &out, 1) == TS_OK; got = out; }
      if (dt == TS_I64) { std::vector<int64_t> v(100); for (int i = 0; i < 100; i++) v[i] = i; int64_t out = 0; ok = ts_scatter_add(dt, 1, 0, m1, v.data(), z.data(), &out, 1) == TS_OK; got = (double)out; }
      if (dt == TS_U8) { std::vector<uint8_t> v(100); for (int i = 0; i < 100; i++) v[i] = (uint8_t)i; uint8_t out = 0; ok = ts_scatter_add(dt, 1, 0, m1, v.data(), z.data(), &out, 1) == TS_OK; got = out; }
      CHECK(ok && got == (dt == TS_U8 ? 4950 % 256 : 4950), "scatter_add 100 repeats %s: %g", ts_dtype_name(dt), got);
    }
    bool bsrc[3] = {false, true, true}, bout[2] = {false, false};
    int64_t bi[3] = {0, 1, 1}, bm[] = {3, 1, 1, 1};
    CHECK(ts_scatter_add(TS_BOOL, 1, 0, bm, bsrc, bi, bout, 2) == TS_OK && !bout[0] && bout[1], "scatter_add bool is or");
  }
  idx[3] = 3;
  CHECK(ts_scatter_add(TS_F32, 2, 1, sm, src, idx, o, 3) == TS_ERR_INVALID &&
            std::strcmp(ts_last_error(), "scatter_add: index 3 out of range for dimension 1 of size 3") == 0,
        "scatter_add error: '%s'", ts_last_error());
  // index_add along dim 0 of out [3, 2] from src [4, 2] viewed transposed (strides 1, 4), index {2, 0, 2, -1}.
  double od[6] = {0, 0, 0, 0, 0, 0}, sd[8] = {1, 2, 3, 4, 10, 20, 30, 40};  // src[i][j] = sd[j * 4 + i]
  int64_t li[4] = {2, 0, 2, -1};
  int64_t am[] = {4, 2, /*src*/ 1, 4, /*out*/ 2, 1};
  CHECK(ts_index_add(TS_F64, 2, 0, am, sd, li, 4, od, 3) == TS_OK && od[0] == 2 && od[1] == 20 && od[2] == 0 && od[3] == 0 &&
            od[4] == 1 + 3 + 4 && od[5] == 10 + 30 + 40,
        "index_add: %g %g %g %g %g %g", od[0], od[1], od[2], od[3], od[4], od[5]);
  li[1] = -4;
  od[0] = 7;
  CHECK(ts_index_add(TS_F64, 2, 0, am, sd, li, 4, od, 3) == TS_ERR_INVALID && od[0] == 7 &&
            std::strcmp(ts_last_error(), "index_add: index -4 out of range for dimension 0 of size 3") == 0,
        "index_add error leaves out untouched: '%s'", ts_last_error());
  CHECK(ts_index_add(TS_F64, 2, 0, am, sd, li, 3, od, 3) == TS_ERR_INVALID, "index_add length mismatch");
  int32_t oi[2] = {5, 5}, si32[3] = {1, 2, 3};
  int64_t ii[3] = {1, 1, 0}, im1[] = {3, 1, 1};
  CHECK(ts_index_add(TS_I32, 1, 0, im1, si32, ii, 3, oi, 2) == TS_OK && oi[0] == 8 && oi[1] == 8, "index_add i32");
}

// ---------------------------------------------------------------- losses

// Central difference of f at x[k] (double), step h.
static double numeric_grad(const std::function<double(const std::vector<double> &)> &f, std::vector<double> x, size_t k,
                           double h = 1e-6) {
  double x0 = x[k];
  x[k] = x0 + h;
  double fp = f(x);
  x[k] = x0 - h;
  double fm = f(x);
  return (fp - fm) / (2 * h);
}

static double ref_ce(const double *row, int64_t c, int64_t y, const double *w, double eps) {
  double m = -inf;
  for (int64_t j = 0; j < c; j++) m = std::max(m, row[j]);
  double s = 0;
  for (int64_t j = 0; j < c; j++) s += std::exp(row[j] - m);
  double lse = m + std::log(s), sm = 0;
  for (int64_t j = 0; j < c; j++) sm += (w ? w[j] : 1) * (lse - row[j]);
  return (1 - eps) * (w ? w[y] : 1) * (lse - row[y]) + eps / c * sm;
}

static void test_cross_entropy() {
  const int64_t n = 5, c = 7;
  std::vector<double> x(n * c), w(c), g(n);
  for (int64_t i = 0; i < n * c; i++) x[i] = 3 * std::sin(1.3 * i + 0.2);
  for (int64_t j = 0; j < c; j++) w[j] = 0.5 + 0.25 * j;
  for (int64_t i = 0; i < n; i++) g[i] = 0.3 + 0.1 * i;
  x[c + 2] = 60;  // a large logit: no overflow
  std::vector<int64_t> y = {3, 0, -100, 6, 2};
  for (double eps : {0.0, 0.1}) {
    for (const double *wp : {(const double *)nullptr, (const double *)w.data()}) {
      std::vector<double> loss(n), dx(n * c);
      double tw = -1;
      CHECK(ts_cross_entropy_forward(TS_F64, n, c, x.data(), y.data(), wp, eps, -100, loss.data(), &tw) == TS_OK, "ce f64");
      double want_tw = 0;
      bool ok = true;
      for (int64_t i = 0; i < n; i++) {
        double want = y[i] == -100 ? 0 : ref_ce(&x[i * c], c, y[i], wp, eps);
        if (y[i] != -100) want_tw += wp ? wp[y[i]] : 1;
        ok &= close(loss[i], want, 1e-13, 1e-13);
      }
      CHECK(ok && tw == want_tw, "ce forward eps=%g weights=%d (total weight %g want %g)", eps, wp != nullptr, tw, want_tw);
      // Backward against central differences of sum_i g_i loss_i, in double.
      CHECK(ts_cross_entropy_backward(TS_F64, n, c, x.data(), y.data(), wp, eps, -100, g.data(), 1, dx.data()) == TS_OK, "ce bwd");
      auto f = [&](const std::vector<double> &xv) {
        double s = 0;
        for (int64_t i = 0; i < n; i++) if (y[i] != -100) s += g[i] * ref_ce(&xv[i * c], c, y[i], wp, eps);
        return s;
      };
      double worst = 0;
      for (size_t k = 0; k < x.size(); k++) worst = std::max(worst, std::fabs(dx[k] - numeric_grad(f, x, k)));
      CHECK(worst < 1e-7, "ce backward vs finite differences eps=%g weights=%d: worst %g", eps, wp != nullptr, worst);
      // f32 against the f64 result; a scalar upstream gradient (grad_stride 0).
      std::vector<float> x32(x.begin(), x.end()), l32(n), d32(n * c);
      float g0 = 0.7f;
      std::vector<float> w32(w.begin(), w.end());
      CHECK(ts_cross_entropy_forward(TS_F32, n, c, x32.data(), y.data(), wp ? w32.data() : nullptr, eps, -100, l32.data(), nullptr) == TS_OK &&
                ts_cross_entropy_backward(TS_F32, n, c, x32.data(), y.data(), wp ? w32.data() : nullptr, eps, -100, &g0, 0, d32.data()) == TS_OK,
            "ce f32");
      ok = true;
      for (int64_t i = 0; i < n; i++) ok &= close(l32[i], loss[i], 1e-5, 1e-5);
      for (int64_t k = 0; k < n * c; k++) ok &= close(d32[k], dx[k] / g[k / c] * 0.7, 1e-4, 1e-6);
      CHECK(ok, "ce f32 vs f64 eps=%g", eps);
    }
  }
  // Without weights the gradient is g (softmax - smoothed one-hot): each row sums to 0.
  std::vector<double> dx(n * c), one(1, 1.0);
  ts_cross_entropy_backward(TS_F64, n, c, x.data(), y.data(), nullptr, 0.2, -100, one.data(), 0, dx.data());
  double rs = 0;
  for (int64_t j = 0; j < c; j++) rs += dx[j];
  CHECK(std::fabs(rs) < 1e-15 && dx[2 * c] == 0, "ce rows sum to 0, ignored row is 0");
  std::vector<double> loss(n);
  y[3] = 7;
  CHECK(ts_cross_entropy_forward(TS_F64, n, c, x.data(), y.data(), nullptr, 0, -100, loss.data(), nullptr) == TS_ERR_INVALID &&
            std::strcmp(ts_last_error(), "cross_entropy: label 7 of sample 3 out of range for 7 classes") == 0,
        "ce label error: '%s'", ts_last_error());
  y[3] = -1;
  CHECK(ts_cross_entropy_backward(TS_F64, n, c, x.data(), y.data(), nullptr, 0, -100, one.data(), 0, dx.data()) == TS_ERR_INVALID,
        "ce backward label -1");
  CHECK(ts_cross_entropy_forward(TS_I32, n, c, x.data(), y.data(), nullptr, 0, -100, loss.data(), nullptr) == TS_ERR_UNSUPPORTED,
        "ce i32");
  // nll on log-probabilities: forward picks -w[y] x[y]; backward is the scatter of -w[y] g.
  y[3] = 6;
  double tw = 0;
  CHECK(ts_nll_forward(TS_F64, n, c, x.data(), y.data(), w.data(), -100, loss.data(), &tw) == TS_OK &&
            loss[0] == -w[3] * x[3] && loss[2] == 0 && loss[3] == -w[6] * x[3 * c + 6] && tw == w[3] + w[0] + w[6] + w[2],
        "nll forward");
  CHECK(ts_nll_backward(TS_F64, n, c, y.data(), w.data(), -100, g.data(), 1, dx.data()) == TS_OK && dx[3] == -w[3] * g[0] &&
            dx[0] == 0 && dx[2 * c + 1] == 0 && dx[4 * c + 2] == -w[2] * g[4],
        "nll backward");
}

static void test_bce() {
  const std::vector<double> xs = {-100, -30, -2.5, -0.1, 0, 0.3, 4, 30, 100}, ys = {0, 1, 0.3, 1, 0.5, 0, 1, 0, 1};
  const size_t n = xs.size();
  auto ref = [](double x, double y, double p) {
    return (1 - y) * x + (1 + (p - 1) * y) * (std::max(-x, 0.0) + std::log1p(std::exp(-std::fabs(x))));
  };
  std::vector<double> loss(n), dx(n), dy(n), g(n);
  for (size_t i = 0; i < n; i++) g[i] = 1 + 0.1 * i;
  CHECK(ts_bce_with_logits_forward(TS_F64, n, xs.data(), ys.data(), nullptr, 0, loss.data()) == TS_OK, "bce logits");
  bool ok = true;
  for (size_t i = 0; i < n; i++) ok &= std::isfinite(loss[i]) && close(loss[i], ref(xs[i], ys[i], 1), 1e-14, 1e-300);
  CHECK(ok && close(loss[0], 0.0, 0, 1e-40) && close(loss[1], 30.0, 1e-12) && close(loss[8], 0.0, 0, 1e-40),
        "bce with logits stable at |x| = 100: %g %g", loss[0], loss[8]);
  std::vector<float> x32(xs.begin(), xs.end()), y32(ys.begin(), ys.end()), l32(n);
  CHECK(ts_bce_with_logits_forward(TS_F32, n, x32.data(), y32.data(), nullptr, 0, l32.data()) == TS_OK && l32[0] == 0 &&
            close(l32[8], std::exp(-100.0), 0.05, 0) && close(l32[1], 30, 1e-6),
        "bce with logits f32 at |x| = 100: %g %g %g", l32[0], l32[8], l32[1]);
  // Gradients (with and without pos_weight) against central differences.
  const std::vector<double> pw = {2.0, 0.5, 1.5};  // c = 3 along the last dim
  for (const double *p : {(const double *)nullptr, pw.data()}) {
    CHECK(ts_bce_with_logits_backward(TS_F64, n, xs.data(), ys.data(), p, 3, g.data(), 1, dx.data(), dy.data()) == TS_OK,
          "bce logits backward");
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
      double pi = p ? p[i % 3] : 1, h = 1e-6;
      double nx = (ref(xs[i] + h, ys[i], pi) - ref(xs[i] - h, ys[i], pi)) / (2 * h) * g[i];
      double ny = (ref(xs[i], ys[i] + h, pi) - ref(xs[i], ys[i] - h, pi)) / (2 * h) * g[i];
      worst = std::max({worst, std::fabs(dx[i] - nx) / (1 + std::fabs(nx)), std::fabs(dy[i] - ny) / (1 + std::fabs(ny))});
      if (p) {
        ts_bce_with_logits_forward(TS_F64, n, xs.data(), ys.data(), p, 3, loss.data());
        worst = std::max(worst, std::fabs(loss[i] - ref(xs[i], ys[i], pi)));
      }
    }
    CHECK(worst < 1e-7, "bce with logits backward pos_weight=%d: worst %g", p != nullptr, worst);
  }
  CHECK(ts_bce_with_logits_forward(TS_F64, n, xs.data(), ys.data(), pw.data(), 4, loss.data()) == TS_ERR_INVALID, "pos_weight rows");
  // On probabilities: logs clamped at -100, gradient denominator at 1e-12.
  const std::vector<double> ps = {0, 1, 1e-50, 0.25, 0.5, 0.9, 1}, ts_ = {1, 0, 0.5, 0.2, 0.5, 1, 1};
  const size_t m = ps.size();
  std::vector<double> pl(m), pdx(m), pdy(m), pg(m, 2.0);
  CHECK(ts_bce_forward(TS_F64, m, ps.data(), ts_.data(), pl.data()) == TS_OK, "bce");
  ok = true;
  for (size_t i = 0; i < m; i++) {
    double want = (ts_[i] - 1) * std::max(std::log1p(-ps[i]), -100.0) - ts_[i] * std::max(std::log(ps[i]), -100.0);
    ok &= close(pl[i], want, 1e-14);
  }
  CHECK(ok && pl[0] == 100 && pl[1] == 100 && pl[6] == 0, "bce forward clamps: %g %g", pl[0], pl[1]);
  CHECK(ts_bce_backward(TS_F64, m, ps.data(), ts_.data(), pg.data(), 1, pdx.data(), pdy.data()) == TS_OK, "bce backward");
  ok = true;
  for (size_t i = 0; i < m; i++) {
    double want = 2 * (ps[i] - ts_[i]) / std::max((1 - ps[i]) * ps[i], 1e-12);
    ok &= close(pdx[i], want, 1e-14);
    if (i >= 3 && i < 6) ok &= close(pdy[i], 2 * (std::log1p(-ps[i]) - std::log(ps[i])), 1e-14);
  }
  CHECK(ok && pdx[0] == -2e12, "bce backward: %g", pdx[0]);
  std::vector<double> badp = {0.5, 1.5};
  CHECK(ts_bce_forward(TS_F64, 2, badp.data(), ts_.data(), pl.data()) == TS_ERR_INVALID &&
            std::strstr(ts_last_error(), "1.5") && std::strstr(ts_last_error(), "element 1"),
        "bce input outside [0, 1]: '%s'", ts_last_error());
  badp[0] = nan_;
  CHECK(ts_bce_forward(TS_F64, 2, badp.data(), ts_.data(), pl.data()) == TS_ERR_INVALID, "bce NaN input");
}

static void test_pointwise_losses() {
  const std::vector<double> xs = {-3, -1.2, -0.5, -0.05, 0, 0.2, 0.7, 1.1, 2.5, 9}, ys = {0.5, 0, -0.2, 0.1, 0, 0.2, 0, 1, -1, 2};
  const size_t n = xs.size();
  auto ref = [](int kind, double d, double p) {
    double z = std::fabs(d);
    switch (kind) {
      case TS_LOSS_MSE: return d * d;
      case TS_LOSS_L1: return z;
      case TS_LOSS_HUBER: return z < p ? 0.5 * z * z : p * (z - 0.5 * p);
      default: return z < p ? 0.5 * z * z / p : z - 0.5 * p;
    }
  };
  std::vector<double> g(n);
  for (size_t i = 0; i < n; i++) g[i] = 0.5 + 0.25 * i;
  for (int kind = 0; kind < TS_POINTWISE_LOSS_COUNT; kind++) {
    for (double p : {1.0, 0.35}) {
      std::vector<double> l(n), dx(n), dy(n);
      CHECK(ts_pointwise_loss_forward(kind, TS_F64, n, xs.data(), ys.data(), p, l.data()) == TS_OK &&
                ts_pointwise_loss_backward(kind, TS_F64, n, xs.data(), ys.data(), p, g.data(), 1, dx.data(), dy.data()) == TS_OK,
            "%s", ts_pointwise_loss_name(kind));
      double worst = 0;
      for (size_t i = 0; i < n; i++) {
        double d = xs[i] - ys[i], h = 1e-7;
        worst = std::max(worst, std::fabs(l[i] - ref(kind, d, p)));
        if (std::fabs(std::fabs(d) - p) > 1e-3 && d != 0)  // away from the kinks
          worst = std::max(worst, std::fabs(dx[i] - (ref(kind, d + h, p) - ref(kind, d - h, p)) / (2 * h) * g[i]));
        worst = std::max(worst, std::fabs(dx[i] + dy[i]));
      }
      CHECK(worst < 1e-6, "%s(param %g) forward and backward: worst %g", ts_pointwise_loss_name(kind), p, worst);
      std::vector<float> x32(xs.begin(), xs.end()), y32(ys.begin(), ys.end()), l32(n);
      CHECK(ts_pointwise_loss_forward(kind, TS_F32, n, x32.data(), y32.data(), p, l32.data()) == TS_OK, "f32");
      bool ok = true;
      for (size_t i = 0; i < n; i++) ok &= close(l32[i], ref(kind, (double)x32[i] - (double)y32[i], p), 1e-6, 1e-7);
      CHECK(ok, "%s f32", ts_pointwise_loss_name(kind));
    }
  }
  std::vector<double> l(n), dx(n);
  double zero = 0;
  CHECK(ts_pointwise_loss_backward(TS_LOSS_L1, TS_F64, n, xs.data(), xs.data(), 0, g.data(), 1, dx.data(), nullptr) == TS_OK &&
            dx[3] == 0,
        "l1 gradient 0 at d = 0");
  CHECK(ts_pointwise_loss_forward(TS_LOSS_SMOOTH_L1, TS_F64, n, xs.data(), ys.data(), 0, l.data()) == TS_OK &&
            l[0] == 3.5 && ts_pointwise_loss_backward(TS_LOSS_SMOOTH_L1, TS_F64, n, xs.data(), ys.data(), 0, &zero, 0, dx.data(), nullptr) == TS_OK,
        "smooth_l1 beta 0 is l1");
  CHECK(ts_pointwise_loss_forward(TS_LOSS_HUBER, TS_F64, n, xs.data(), ys.data(), 0, l.data()) == TS_ERR_INVALID, "huber delta 0");
  CHECK(ts_pointwise_loss_forward(TS_POINTWISE_LOSS_COUNT, TS_F64, n, xs.data(), ys.data(), 1, l.data()) == TS_ERR_INVALID &&
            ts_pointwise_loss_name(TS_POINTWISE_LOSS_COUNT) == nullptr,
        "unknown loss code");
  CHECK(ts_pointwise_loss_backward(TS_LOSS_MSE, TS_F64, n, xs.data(), ys.data(), 0, g.data(), 2, dx.data(), nullptr) == TS_ERR_INVALID,
        "grad_stride 2");
}

static void test_kl_div() {
  const std::vector<double> x = {-2.3, -0.1, -5, -1, -0.7}, t = {0.1, 0.9, 0, 0.25, 1e-30};
  const size_t n = x.size();
  std::vector<double> l(n), dx(n), dt(n), g(n, 1.5);
  CHECK(ts_kl_div_forward(TS_F64, n, x.data(), t.data(), 0, l.data()) == TS_OK, "kl_div");
  bool ok = true;
  for (size_t i = 0; i < n; i++) ok &= close(l[i], t[i] == 0 ? 0 : t[i] * (std::log(t[i]) - x[i]), 1e-14, 1e-15);
  CHECK(ok && l[2] == 0, "kl_div forward (0 where target is 0)");
  CHECK(ts_kl_div_backward(TS_F64, n, x.data(), t.data(), 0, g.data(), 1, dx.data(), dt.data()) == TS_OK, "kl_div backward");
  ok = true;
  for (size_t i = 0; i < n; i++) {
    ok &= dx[i] == -t[i] * 1.5;
    ok &= close(dt[i], t[i] == 0 ? 0 : 1.5 * (std::log(t[i]) + 1 - x[i]), 1e-14);
  }
  CHECK(ok, "kl_div backward");
  // log_target: target given as log-probabilities; check against finite differences.
  std::vector<double> lt = {-2.3, -0.1, -50, -1.4, 0};
  CHECK(ts_kl_div_forward(TS_F64, n, x.data(), lt.data(), 1, l.data()) == TS_OK &&
            ts_kl_div_backward(TS_F64, n, x.data(), lt.data(), 1, g.data(), 1, dx.data(), dt.data()) == TS_OK,
        "kl_div log_target");
  double worst = 0;
  for (size_t i = 0; i < n; i++) {
    auto f = [](double a, double b) { return std::exp(b) * (b - a); };
    double h = 1e-6;
    worst = std::max({worst, std::fabs(l[i] - f(x[i], lt[i])), std::fabs(dx[i] - 1.5 * (f(x[i] + h, lt[i]) - f(x[i] - h, lt[i])) / (2 * h)),
                      std::fabs(dt[i] - 1.5 * (f(x[i], lt[i] + h) - f(x[i], lt[i] - h)) / (2 * h))});
  }
  CHECK(worst < 1e-7, "kl_div log_target forward/backward: worst %g", worst);
}

static void test_losses() {
  test_cross_entropy();
  test_bce();
  test_pointwise_losses();
  test_kl_div();
}

// ---------------------------------------------------------------- optimizers

// Three steps of each optimizer on f64 against PyTorch's update written out in scalar double
// (same operation order, so bit-exact), and on f32 against the double result.
template <typename T>
static void optim_case(int dtype) {
  const int64_t n = 37;
  const double tol = sizeof(T) == 4 ? 2e-6 : 0;
  std::vector<double> p0(n), grads[3];
  for (int64_t i = 0; i < n; i++) p0[i] = std::sin(0.7 * i) + 0.1;
  for (int s = 0; s < 3; s++) {
    grads[s].resize(n);
    for (int64_t i = 0; i < n; i++) grads[s][i] = std::cos(0.3 * i + s) * (i % 5 == 0 ? 1e-3 : 1.0);
  }
  auto run = [&](const char *name, const std::function<int(T *, const T *, int)> &step,
                 const std::function<void(std::vector<double> &, const std::vector<double> &, int)> &ref) {
    std::vector<T> p(p0.begin(), p0.end());
    std::vector<double> pr = p0;
    bool ok = true;
    for (int s = 0; s < 3; s++) {
      std::vector<T> g(grads[s].begin(), grads[s].end());
      ok &= step(p.data(), g.data(), s + 1) == TS_OK;
      ref(pr, grads[s], s + 1);
    }
    double worst = 0;
    for (int64_t i = 0; i < n; i++) worst = std::max(worst, std::fabs((double)p[i] - pr[i]) / (1 + std::fabs(pr[i])));
    CHECK(ok && worst <= tol, "%s %s: 3 steps, worst rel diff %g", name, sizeof(T) == 4 ? "f32" : "f64", worst);
  };
  for (int variant = 0; variant < 3; variant++) {  // plain, momentum + wd, nesterov
    double lr = 0.1, mom = variant ? 0.9 : 0, damp = variant == 1 ? 0.1 : 0, wd = variant ? 0.01 : 0;
    bool nest = variant == 2;
    std::vector<T> buf(n);
    std::vector<double> rbuf(n);
    run(variant == 0 ? "sgd" : variant == 1 ? "sgd momentum" : "sgd nesterov",
        [&](T *p, const T *g, int t) { return ts_sgd_step(dtype, n, p, g, buf.data(), lr, mom, damp, wd, nest, t == 1); },
        [&](std::vector<double> &p, const std::vector<double> &gr, int t) {
          for (int64_t i = 0; i < n; i++) {
            double g = gr[i];
            if (wd != 0) g = g + wd * p[i];
            if (mom != 0) {
              rbuf[i] = t == 1 ? g : rbuf[i] * mom + (1 - damp) * g;
              g = nest ? g + mom * rbuf[i] : rbuf[i];
            }
            p[i] = p[i] + -lr * g;
          }
        });
  }
  for (int variant = 0; variant < 3; variant++) {  // adam + wd, adamw, adam amsgrad
    double lr = 1e-2, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = variant == 2 ? 0 : 0.05;
    bool decoupled = variant == 1, ams = variant == 2;
    std::vector<T> m(n), v(n), vm(n);
    std::vector<double> rm(n), rv(n), rvm(n);
    run(variant == 0 ? "adam" : variant == 1 ? "adamw" : "adam amsgrad",
        [&](T *p, const T *g, int t) {
          return ts_adam_step(dtype, n, p, g, m.data(), v.data(), ams ? vm.data() : nullptr, t, lr, b1, b2, eps, wd, decoupled);
        },
        [&](std::vector<double> &p, const std::vector<double> &gr, int t) {
          double bc1 = 1 - std::pow(b1, t), bc2 = 1 - std::pow(b2, t), step_size = lr / bc1, bc2s = std::sqrt(bc2);
          for (int64_t i = 0; i < n; i++) {
            double g = gr[i];
            if (wd != 0) {
              if (decoupled) p[i] = p[i] * (1 - lr * wd);
              else g = g + wd * p[i];
            }
            rm[i] = rm[i] + (1 - b1) * (g - rm[i]);  // lerp, weight 0.1 < 0.5
            rv[i] = rv[i] * b2 + (1 - b2) * g * g;
            double vv = rv[i];
            if (ams) vv = rvm[i] = std::max(rvm[i], rv[i]);
            double denom = std::sqrt(vv) / bc2s + eps;
            p[i] = p[i] + -step_size * rm[i] / denom;
          }
        });
  }
  for (int variant = 0; variant < 3; variant++) {  // plain, centered + momentum + wd, momentum
    double lr = 1e-2, alpha = 0.99, eps = 1e-8, wd = variant == 1 ? 0.01 : 0, mom = variant ? 0.9 : 0;
    bool centered = variant == 1;
    std::vector<T> sq(n), ga(n), buf(n);
    std::vector<double> rsq(n), rga(n), rbuf(n);
    run(variant == 0 ? "rmsprop" : variant == 1 ? "rmsprop centered momentum" : "rmsprop momentum",
        [&](T *p, const T *g, int) {
          return ts_rmsprop_step(dtype, n, p, g, sq.data(), ga.data(), buf.data(), lr, alpha, eps, wd, mom, centered);
        },
        [&](std::vector<double> &p, const std::vector<double> &gr, int) {
          for (int64_t i = 0; i < n; i++) {
            double g = gr[i];
            if (wd != 0) g = g + wd * p[i];
            rsq[i] = rsq[i] * alpha + (1 - alpha) * g * g;
            double avg;
            if (centered) {
              rga[i] = rga[i] + (1 - alpha) * (g - rga[i]);
              avg = std::sqrt(rsq[i] + -1.0 * rga[i] * rga[i]);
            } else {
              avg = std::sqrt(rsq[i]);
            }
            avg = avg + eps;
            if (mom > 0) {
              rbuf[i] = rbuf[i] * mom + g / avg;
              p[i] = p[i] + -lr * rbuf[i];
            } else {
              p[i] = p[i] + -lr * g / avg;
            }
          }
        });
  }
  for (int variant = 0; variant < 2; variant++) {
    double lr = 0.1, lr_decay = variant ? 0.01 : 0, wd = variant ? 0.1 : 0, eps = 1e-10, init = variant ? 0.1 : 0;
    std::vector<T> sum(n, T(init));
    std::vector<double> rsum(n, init);
    run(variant == 0 ? "adagrad" : "adagrad lr_decay wd",
        [&](T *p, const T *g, int t) { return ts_adagrad_step(dtype, n, p, g, sum.data(), t, lr, lr_decay, wd, eps); },
        [&](std::vector<double> &p, const std::vector<double> &gr, int t) {
          double clr = lr / (1 + (t - 1) * lr_decay);
          for (int64_t i = 0; i < n; i++) {
            double g = gr[i];
            if (wd != 0) g = g + wd * p[i];
            rsum[i] = rsum[i] + g * g;
            p[i] = p[i] + -clr * g / (std::sqrt(rsum[i]) + eps);
          }
        });
  }
}

static void test_optim() {
  optim_case<double>(TS_F64);
  optim_case<float>(TS_F32);
  // Hand-computed first Adam step: with zero state, p -= lr * g / (|g| + eps') = lr * sign(g) (eps aside).
  double p = 1, g = -4, m = 0, v = 0;
  CHECK(ts_adam_step(TS_F64, 1, &p, &g, &m, &v, nullptr, 1, 0.5, 0.9, 0.999, 0, 0, 0) == TS_OK && close(p, 1.5, 1e-15),
        "adam first step is lr sign(g): %.17g", p);
  double buf = 0;
  CHECK(ts_sgd_step(TS_F64, 1, &p, &g, &buf, 0.1, 0.9, 0, 0, 0, 1) == TS_OK && buf == -4 && close(p, 1.9, 1e-15),
        "sgd first momentum step copies the gradient");
  CHECK(ts_sgd_step(TS_F64, 1, &p, &g, nullptr, 0.1, 0.9, 0, 0, 0, 1) == TS_ERR_INVALID, "sgd momentum without buffer");
  CHECK(ts_sgd_step(TS_F64, 1, &p, &g, &buf, 0.1, 0.9, 0.5, 0, 1, 0) == TS_ERR_INVALID, "nesterov with dampening");
  CHECK(ts_adam_step(TS_F64, 1, &p, &g, &m, &v, nullptr, 0, 0.1, 0.9, 0.999, 1e-8, 0, 0) == TS_ERR_INVALID, "adam step 0");
  int32_t ip = 0, ig = 0;
  CHECK(ts_adagrad_step(TS_I32, 1, &ip, &ig, &ip, 1, 0.1, 0, 0, 1e-10) == TS_ERR_UNSUPPORTED, "adagrad i32");
}

// One gemm version against a float64 loop: every transposition case, padded lda/ldb/ldc (the padding
// of C must stay untouched), alpha/beta (beta == 0 overwrites a NaN in C), sizes around the register
// tiles (6x16 ... 14x32) and past the cache blocks (k > 384, m > 168), on 1 and 2 pool threads.
template <typename T>
static void test_gemm_dtype(int version, int dtype) {
  const double tol = sizeof(T) == 4 ? 1e-4 : 1e-12;
  struct Case { int64_t m, n, k; double alpha, beta; int threads; };
  for (Case cs : {Case{1, 1, 1, 1, 0, 1}, Case{37, 45, 29, 2, 0.5, 1}, Case{150, 70, 300, 1, 0, 2}, Case{13, 200, 7, -1, 1, 1},
                  Case{5, 6, 0, 1, 0.5, 1}, Case{14, 32, 16, 1, 0, 1}, Case{15, 33, 17, 1, 1, 1}, Case{29, 17, 800, 0.5, 0, 2},
                  Case{200, 100, 40, 1, 0.25, 2}, Case{3, 40, 1, 1, 0, 1}}) {
    for (int ta = 0; ta < 2; ta++)
      for (int tb = 0; tb < 2; tb++) {
        const int64_t m = cs.m, n = cs.n, k = cs.k;
        const int64_t lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
        std::vector<T> a((size_t)((ta ? k : m) * lda + 1)), b((size_t)((tb ? n : k) * ldb + 1)), c((size_t)(m * ldc));
        for (size_t i = 0; i < a.size(); i++) a[i] = (T)std::sin(0.37 * i);
        for (size_t i = 0; i < b.size(); i++) b[i] = (T)std::cos(0.53 * i);
        for (size_t i = 0; i < c.size(); i++) c[i] = cs.beta == 0 ? (T)NAN : (T)(0.1 * (i % 7));
        std::vector<T> c0 = c;
        const int pool = ts_get_num_threads();
        ts_set_num_threads(cs.threads);
        int rc = ts_gemm(version, dtype, ta, tb, m, n, k, cs.alpha, a.data(), lda, b.data(), ldb, cs.beta, c.data(), ldc);
        ts_set_num_threads(pool);
        CHECK(rc == TS_OK, "gemm v%d rc %d", version, rc);
        double worst = 0;
        for (int64_t i = 0; i < m; i++)
          for (int64_t j = 0; j < n; j++) {
            double s = 0;
            for (int64_t p = 0; p < k; p++)
              s += (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (double)(tb ? b[j * ldb + p] : b[p * ldb + j]);
            double want = cs.alpha * s + (cs.beta == 0 ? 0 : cs.beta * (double)c0[i * ldc + j]);
            double err = std::fabs((double)c[i * ldc + j] - want) / (1 + std::fabs(want));
            if (!(err <= worst)) worst = err;
          }
        bool pad_kept = true;  // columns past n in C untouched
        for (int64_t i = 0; i < m; i++)
          for (int64_t j = n; j < ldc; j++) pad_kept &= std::isnan((double)c0[i * ldc + j]) ? std::isnan((double)c[i * ldc + j]) : c[i * ldc + j] == c0[i * ldc + j];
        CHECK(worst <= tol && pad_kept, "gemm v%d %s ta=%d tb=%d m=%lld n=%lld k=%lld: worst rel err %g, pad %d", version,
              dtype == TS_F32 ? "f32" : "f64", ta, tb, (long long)m, (long long)n, (long long)k, worst, pad_kept);
      }
  }
}

// Every element of C is computed by one thread whatever the split, summed over k in the same order:
// a version's result must be bit for bit the same on 1, 2 and 3 threads.
template <typename T>
static void test_gemm_threads(int version, int dtype) {
  const int64_t m = 300, n = 200, k = 500;
  for (int t = 0; t < 4; t++) {
    const bool ta = t & 1, tb = t & 2;
    std::vector<T> a((size_t)(m * k)), b((size_t)(k * n)), one((size_t)(m * n)), many((size_t)(m * n));
    for (size_t i = 0; i < a.size(); i++) a[i] = (T)std::sin(0.37 * i);
    for (size_t i = 0; i < b.size(); i++) b[i] = (T)std::cos(0.53 * i);
    const int pool = ts_get_num_threads();
    ts_set_num_threads(1);
    int rc = ts_gemm(version, dtype, ta, tb, m, n, k, 1, a.data(), ta ? m : k, b.data(), tb ? k : n, 0, one.data(), n);
    for (int threads : {2, 3}) {
      ts_set_num_threads(threads);
      rc |= ts_gemm(version, dtype, ta, tb, m, n, k, 1, a.data(), ta ? m : k, b.data(), tb ? k : n, 0, many.data(), n);
      CHECK(rc == TS_OK && std::memcmp(one.data(), many.data(), one.size() * sizeof(T)) == 0,
            "gemm v%d %s ta=%d tb=%d: 1 thread vs %d differ", version, dtype == TS_F32 ? "f32" : "f64", ta, tb, threads);
    }
    ts_set_num_threads(pool);
  }
}

static void test_gemm() {
  const int count = ts_gemm_version_count();
  CHECK(count >= 5 && std::strcmp(ts_gemm_version_name(1), "naive") == 0 && std::strcmp(ts_gemm_version_name(2), "blocked") == 0,
        "gemm table");
  CHECK(ts_gemm_version_features(1) == 0 && ts_gemm_version_features(0) == -1 && ts_gemm_version_name(count + 1) == nullptr,
        "gemm features");
  const int def = ts_gemm_default_version();
  CHECK(def >= 2 && def <= count && (ts_cpu_features() & ts_gemm_version_features(def)) == ts_gemm_version_features(def),
        "gemm default v%d is supported", def);
  float z = 0;
  for (int v = 1; v <= count; v++) {
    const int64_t need = ts_gemm_version_features(v);
    if ((ts_cpu_features() & need) != need) {  // it must refuse cleanly
      CHECK(ts_gemm(v, TS_F32, 0, 0, 1, 1, 1, 1, &z, 1, &z, 1, 0, &z, 1) == TS_ERR_UNSUPPORTED, "gemm v%d unsupported", v);
      std::printf("  gemm v%d (%s) skipped: this CPU lacks its features\n", v, ts_gemm_version_name(v));
      continue;
    }
    test_gemm_dtype<float>(v, TS_F32);
    test_gemm_dtype<double>(v, TS_F64);
    test_gemm_threads<float>(v, TS_F32);
    test_gemm_threads<double>(v, TS_F64);
  }
  CHECK(ts_gemm(0, TS_F32, 0, 0, 1, 1, 1, 1, &z, 1, &z, 1, 0, &z, 1) == TS_ERR_INVALID, "gemm version 0");
  CHECK(ts_gemm(99, TS_F32, 0, 0, 1, 1, 1, 1, &z, 1, &z, 1, 0, &z, 1) == TS_ERR_INVALID, "gemm unknown version");
  CHECK(ts_gemm(1, TS_I32, 0, 0, 1, 1, 1, 1, &z, 1, &z, 1, 0, &z, 1) == TS_ERR_UNSUPPORTED, "gemm i32");
  CHECK(ts_gemm(1, TS_F32, 0, 0, 2, 2, 3, 1, &z, 2, &z, 2, 0, &z, 2) == TS_ERR_INVALID, "gemm lda too small");
}

static void bench_gemm() {
  const int v = ts_gemm_default_version(), pool = ts_get_num_threads();
  ts_set_num_threads(1);
  for (int64_t s : {512, 1024}) {
    std::vector<float> a((size_t)(s * s), 0.5f), b((size_t)(s * s), 0.25f), c((size_t)(s * s));
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
      auto t0 = std::chrono::steady_clock::now();
      ts_gemm(v, TS_F32, 0, 0, s, s, s, 1, a.data(), s, b.data(), s, 0, c.data(), s);
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::printf("gemm v%d (%s) f32 %lld: %.1f GFLOP/s (best of 5, one thread)\n", v, ts_gemm_version_name(v), (long long)s,
                2.0 * s * s * s / best * 1e-9);
  }
  ts_set_num_threads(pool);
}

// Every conv2d version against v1 (the definition's loops) on geometries that take each path:
// stride, asymmetric padding, dilation, groups, depthwise, 1x1, one input channel, wide rows.
template <typename T>
static void test_conv_dtype(int dtype) {
  const double tol = sizeof(T) == 4 ? 2e-5 : 1e-12;
  //                        n  c   h   w   o  kh kw sh sw pt pb pl pr dh dw groups
  const int64_t cases[][TS_CONV2D_GEOMETRY_LEN] = {{2, 3, 7, 6, 4, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1},
                                                   {2, 4, 9, 8, 6, 3, 2, 2, 1, 1, 2, 0, 1, 1, 2, 2},
                                                   {3, 4, 6, 7, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 4},
                                                   {1, 6, 5, 5, 4, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1},
                                                   {2, 1, 9, 30, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1},
                                                   {1, 3, 6, 40, 40, 3, 3, 1, 3, 3, 3, 2, 2, 2, 1, 1}};
  for (const int64_t *g : cases) {
    const int64_t oh = (g[2] + g[9] + g[10] - g[13] * (g[5] - 1) - 1) / g[7] + 1;
    const int64_t ow = (g[3] + g[11] + g[12] - g[14] * (g[6] - 1) - 1) / g[8] + 1;
    const size_t nx = (size_t)(g[0] * g[1] * g[2] * g[3]), nw = (size_t)(g[4] * g[1] / g[15] * g[5] * g[6]);
    const size_t ny = (size_t)(g[0] * g[4] * oh * ow);
    std::vector<T> x(nx), w(nw), b((size_t)g[4]), gy(ny);
    for (size_t i = 0; i < nx; i++) x[i] = (T)std::sin(0.37 * i);
    for (size_t i = 0; i < nw; i++) w[i] = (T)std::cos(0.53 * i);
    for (size_t i = 0; i < b.size(); i++) b[i] = (T)(0.1 * i);
    for (size_t i = 0; i < ny; i++) gy[i] = (T)std::sin(0.71 * i + 1);
    std::vector<T> y1(ny), gx1(nx), gw1(nw);
    CHECK(ts_conv2d_forward(1, dtype, g, x.data(), w.data(), b.data(), y1.data()) == TS_OK, "conv v1 forward");
    CHECK(ts_conv2d_backward_input(1, dtype, g, gy.data(), w.data(), gx1.data()) == TS_OK, "conv v1 backward input");
    CHECK(ts_conv2d_backward_weight(1, dtype, g, x.data(), gy.data(), gw1.data()) == TS_OK, "conv v1 backward weight");
    for (int v = 2; v <= ts_conv2d_version_count(); v++) {
      if ((ts_cpu_features() & ts_conv2d_version_features(v)) != ts_conv2d_version_features(v)) continue;
      std::vector<T> y(ny), gx(nx), gw(nw);
      CHECK(ts_conv2d_forward(v, dtype, g, x.data(), w.data(), b.data(), y.data()) == TS_OK, "conv v%d forward", v);
      CHECK(ts_conv2d_backward_input(v, dtype, g, gy.data(), w.data(), gx.data()) == TS_OK, "conv v%d backward input", v);
      CHECK(ts_conv2d_backward_weight(v, dtype, g, x.data(), gy.data(), gw.data()) == TS_OK, "conv v%d backward weight", v);
      double worst = 0;
      for (size_t i = 0; i < ny; i++) worst = std::max(worst, std::fabs((double)y[i] - y1[i]) / (1 + std::fabs((double)y1[i])));
      for (size_t i = 0; i < nx; i++) worst = std::max(worst, std::fabs((double)gx[i] - gx1[i]) / (1 + std::fabs((double)gx1[i])));
      for (size_t i = 0; i < nw; i++) worst = std::max(worst, std::fabs((double)gw[i] - gw1[i]) / (1 + std::fabs((double)gw1[i])));
      CHECK(worst <= tol, "conv v%d %s (n %lld, c %lld, %lldx%lld, o %lld, groups %lld): worst rel diff to v1 %g", v,
            dtype == TS_F32 ? "f32" : "f64", (long long)g[0], (long long)g[1], (long long)g[2], (long long)g[3],
            (long long)g[4], (long long)g[15], worst);
    }
    std::vector<T> gb((size_t)g[4]);
    CHECK(ts_conv2d_backward_bias(dtype, g[0], g[4], oh * ow, gy.data(), gb.data()) == TS_OK, "conv bias rc");
    double worst = 0;
    for (int64_t o = 0; o < g[4]; o++) {
      double s = 0;
      for (int64_t bi = 0; bi < g[0]; bi++)
        for (int64_t q = 0; q < oh * ow; q++) s += gy[(size_t)((bi * g[4] + o) * oh * ow + q)];
      worst = std::max(worst, std::fabs(gb[(size_t)o] - s) / (1 + std::fabs(s)));
    }
    CHECK(worst <= tol, "conv bias gradient: worst rel err %g", worst);
  }
}

static void test_conv() {
  CHECK(ts_conv2d_version_count() >= 2 && std::strcmp(ts_conv2d_version_name(1), "direct") == 0, "conv table");
  CHECK(ts_conv2d_version_features(1) == 0 && ts_conv2d_version_features(0) == -1, "conv features");
  test_conv_dtype<float>(TS_F32);
  test_conv_dtype<double>(TS_F64);
  float z[64] = {0};
  const int64_t ok[TS_CONV2D_GEOMETRY_LEN] = {1, 2, 3, 3, 2, 2, 2, 1, 1, 0, 0, 0, 0, 1, 1, 1};
  int64_t bad[TS_CONV2D_GEOMETRY_LEN];
  std::memcpy(bad, ok, sizeof bad);
  bad[TS_CONV2D_GROUPS] = 3;
  CHECK(ts_conv2d_forward(1, TS_F32, bad, z, z, nullptr, z) == TS_ERR_INVALID, "conv groups not dividing");
  std::memcpy(bad, ok, sizeof bad);
  bad[TS_CONV2D_KERNEL_H] = 4;
  CHECK(ts_conv2d_forward(1, TS_F32, bad, z, z, nullptr, z) == TS_ERR_INVALID, "conv kernel larger than the input");
  std::memcpy(bad, ok, sizeof bad);
  bad[TS_CONV2D_STRIDE_W] = 0;
  CHECK(ts_conv2d_backward_input(1, TS_F32, bad, z, z, z) == TS_ERR_INVALID, "conv stride 0");
  std::memcpy(bad, ok, sizeof bad);
  bad[TS_CONV2D_PAD_LEFT] = -1;
  CHECK(ts_conv2d_backward_weight(1, TS_F32, bad, z, z, z) == TS_ERR_INVALID, "conv negative padding");
  CHECK(ts_conv2d_forward(99, TS_F32, ok, z, z, nullptr, z) == TS_ERR_UNSUPPORTED, "conv unknown version");
  CHECK(ts_conv2d_forward(1, TS_I32, ok, z, z, nullptr, z) == TS_ERR_UNSUPPORTED, "conv i32");
  CHECK(ts_conv2d_backward_bias(TS_F32, -1, 1, 1, z, z) == TS_ERR_INVALID, "conv bias negative size");
}

int main(int argc, char **argv) {
  test_unary();
  test_binary();
  test_copy_where();
  test_reduce();
  test_softmax();
  test_index();
  test_index_add();
  test_losses();
  test_optim();
  test_gemm();
  test_conv();
  std::printf("%d passed, %d failed\n", passed, failed);
  if (argc > 1 && std::strcmp(argv[1], "--bench") == 0) bench_gemm();
  return failed ? 1 : 0;
}
