// norm.cc: batch norm and layer norm (norm.h), forward and backward. Both reduce contiguous runs
// of elements (a channel's run of `inner` elements in each sample; a row) with double accumulators
// kept in separate lanes, so the loops vectorise without reassociating (no -ffast-math), and
// apply the result as one scale-and-shift per element, as PyTorch's CPU kernels do. Batch norm
// splits channels over the pool, layer norm rows.
#include <algorithm>
#include <cmath>
#include <mutex>
#include <vector>

#include "internal.h"
#include "plane_split.h"
#include "strided.h"
#include "tessera/norm.h"

namespace {

using ts::dispatch_float;
using ts::fail;

constexpr int kLanes = 16;

inline double lanes_total(const double *acc) {
  double s = 0;
  for (int j = 0; j < kLanes; j++) s += acc[j];
  return s;
}

// sum x
template <typename T>
TS_SIMD_CLONES double run_sum(const T *x, int64_t n) {
  double acc[kLanes] = {0};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; j++) acc[j] += (double)x[i + j];
  double s = lanes_total(acc);
  for (; i < n; i++) s += (double)x[i];
  return s;
}

// sum (x - mean)^2
template <typename T>
TS_SIMD_CLONES double run_squared_deviations(const T *x, int64_t n, double mean) {
  double acc[kLanes] = {0};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; j++) {
      const double d = (double)x[i + j] - mean;
      acc[j] += d * d;
    }
  double s = lanes_total(acc);
  for (; i < n; i++) {
    const double d = (double)x[i] - mean;
    s += d * d;
  }
  return s;
}

// sum g and sum g (x - mean), added to sums[0] and sums[1]
template <typename T>
TS_SIMD_CLONES void run_grad_sums(const T *g, const T *x, int64_t n, double mean, double *sums) {
  double ag[kLanes] = {0}, agx[kLanes] = {0};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int j = 0; j < kLanes; j++) {
      ag[j] += (double)g[i + j];
      agx[j] += (double)g[i + j] * ((double)x[i + j] - mean);
    }
  double sg = lanes_total(ag), sgx = lanes_total(agx);
  for (; i < n; i++) {
    sg += (double)g[i];
    sgx += (double)g[i] * ((double)x[i] - mean);
  }
  sums[0] += sg;
  sums[1] += sgx;
}

// out = x * scale + shift
template <typename T>
TS_SIMD_CLONES void run_scale_shift(const T *x, T *out, int64_t n, T scale, T shift) {
  for (int64_t i = 0; i < n; i++) out[i] = x[i] * scale + shift;
}

// grad_x = (g - a - (x - mean) b) k
template <typename T>
TS_SIMD_CLONES void run_centered_grad(const T *g, const T *x, T *gx, int64_t n, T mean, T a, T b, T k) {
  for (int64_t i = 0; i < n; i++) gx[i] = (g[i] - a - (x[i] - mean) * b) * k;
}

template <typename T>
inline T at_or(const void *p, int64_t i, T fallback) {
  return p ? static_cast<const T *>(p)[i] : fallback;
}

int check_dims(const char *fn, int64_t a, int64_t b, int64_t c) {
  if (a < 0 || b < 0 || c < 0)
    return fail(TS_ERR_INVALID, "%s: negative size [%lld, %lld, %lld]", fn, (long long)a, (long long)b, (long long)c);
  return TS_OK;
}

}  // namespace

// ------------------------------------------------------------------ batch norm

TS_EXPORT int ts_batch_norm_forward(int dtype, int64_t n, int64_t c, int64_t inner, const void *x, const void *weight,
                                    const void *bias, void *running_mean, void *running_var, int training, double momentum,
                                    double eps, void *out, void *save_mean, void *save_invstd) {
  const char *fn = "batch_norm";
  if (int rc = check_dims(fn, n, c, inner)) return rc;
  const int64_t m = n * inner;
  if ((running_mean == nullptr) != (running_var == nullptr))
    return fail(TS_ERR_INVALID, "%s: running_mean and running_var must be given together", fn);
  if (!training && !running_mean) return fail(TS_ERR_INVALID, "%s: evaluation needs running_mean and running_var", fn);
  if (training && m == 1)
    return fail(TS_ERR_INVALID, "%s: expected more than 1 value per channel when training, got input size [%lld, %lld, %lld]",
                fn, (long long)n, (long long)c, (long long)inner);
  if (!(eps >= 0)) return fail(TS_ERR_INVALID, "%s: eps %g must be >= 0", fn, eps);
  return dispatch_float(fn, dtype, c, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x);
    T *op = static_cast<T *>(out);
    T *rm = static_cast<T *>(running_mean), *rv = static_cast<T *>(running_var);
    ts::parallel_planes(c, 2 * m, [&](int64_t c0, int64_t c1) {
      for (int64_t ch = c0; ch < c1; ch++) {
        double mean, invstd;
        if (training) {
          double s = 0, sq = 0;
          for (int64_t i = 0; i < n; i++) s += run_sum(xp + (i * c + ch) * inner, inner);
          mean = m > 0 ? s / (double)m : 0;
          for (int64_t i = 0; i < n; i++) sq += run_squared_deviations(xp + (i * c + ch) * inner, inner, mean);
          const double var = m > 0 ? sq / (double)m : 0;
          invstd = 1 / std::sqrt(var + eps);
          if (rm && m > 0) {
            rm[ch] = (T)((1 - momentum) * (double)rm[ch] + momentum * mean);
            rv[ch] = (T)((1 - momentum) * (double)rv[ch] + momentum * var * (double)m / (double)(m - 1));
          }
        } else {
          mean = (double)rm[ch];
          invstd = 1 / std::sqrt((double)rv[ch] + eps);
        }
        if (save_mean) static_cast<T *>(save_mean)[ch] = (T)mean;
        if (save_invstd) static_cast<T *>(save_invstd)[ch] = (T)invstd;
        const double scale = invstd * (double)at_or<T>(weight, ch, T(1));
        const double shift = (double)at_or<T>(bias, ch, T(0)) - mean * scale;
        for (int64_t i = 0; i < n; i++) {
          const int64_t at = (i * c + ch) * inner;
          run_scale_shift(xp + at, op + at, inner, (T)scale, (T)shift);
        }
      }
    });
    return TS_OK;
  });
}

TS_EXPORT int ts_batch_norm_backward(int dtype, int64_t n, int64_t c, int64_t inner, const void *x, const void *grad_out,
                                     const void *weight, const void *save_mean, const void *save_invstd, int training,
                                     void *grad_x, void *grad_weight, void *grad_bias) {
  const char *fn = "batch_norm_backward";
  if (int rc = check_dims(fn, n, c, inner)) return rc;
  const int64_t m = n * inner;
  return dispatch_float(fn, dtype, c, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x), *gp = static_cast<const T *>(grad_out);
    const T *mp = static_cast<const T *>(save_mean), *ip = static_cast<const T *>(save_invstd);
    T *gx = static_cast<T *>(grad_x);
    ts::parallel_planes(c, 2 * m, [&](int64_t c0, int64_t c1) {
      for (int64_t ch = c0; ch < c1; ch++) {
        const double mean = (double)mp[ch], invstd = (double)ip[ch];
        double sums[2] = {0, 0};  // sum g, sum g (x - mean)
        if (grad_weight || grad_bias || (gx && training)) {
          for (int64_t i = 0; i < n; i++) {
            const int64_t at = (i * c + ch) * inner;
            run_grad_sums(gp + at, xp + at, inner, mean, sums);
          }
        }
        if (grad_weight) static_cast<T *>(grad_weight)[ch] = (T)(sums[1] * invstd);
        if (grad_bias) static_cast<T *>(grad_bias)[ch] = (T)sums[0];
        if (!gx || m == 0) continue;
        const double k = invstd * (double)at_or<T>(weight, ch, T(1));
        // Training: the batch statistics depend on x, hence the two projections PyTorch subtracts.
        const double a = training ? sums[0] / (double)m : 0;
        const double b = training ? sums[1] * invstd * invstd / (double)m : 0;
        for (int64_t i = 0; i < n; i++) {
          const int64_t at = (i * c + ch) * inner;
          run_centered_grad(gp + at, xp + at, gx + at, inner, (T)mean, (T)a, (T)b, (T)k);
        }
      }
    });
    return TS_OK;
  });
}

// ------------------------------------------------------------------ layer norm

TS_EXPORT int ts_layer_norm_forward(int dtype, int64_t rows, int64_t cols, const void *x, const void *weight,
                                    const void *bias, double eps, void *out, void *save_mean, void *save_invstd) {
  const char *fn = "layer_norm";
  if (int rc = check_dims(fn, rows, cols, 1)) return rc;
  if (!(eps >= 0)) return fail(TS_ERR_INVALID, "%s: eps %g must be >= 0", fn, eps);
  return dispatch_float(fn, dtype, rows, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x), *w = static_cast<const T *>(weight), *b = static_cast<const T *>(bias);
    T *op = static_cast<T *>(out);
    ts::parallel_planes(rows, 3 * cols, [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; r++) {
        const T *xr = xp + r * cols;
        T *orow = op + r * cols;
        const double mean = cols > 0 ? run_sum(xr, cols) / (double)cols : 0;
        const double var = cols > 0 ? run_squared_deviations(xr, cols, mean) / (double)cols : 0;
        const double invstd = 1 / std::sqrt(var + eps);
        if (save_mean) static_cast<T *>(save_mean)[r] = (T)mean;
        if (save_invstd) static_cast<T *>(save_invstd)[r] = (T)invstd;
        run_scale_shift(xr, orow, cols, (T)invstd, (T)(-mean * invstd));
        if (w) for (int64_t j = 0; j < cols; j++) orow[j] *= w[j];
        if (b) for (int64_t j = 0; j < cols; j++) orow[j] += b[j];
      }
    });
    return TS_OK;
  });
}

TS_EXPORT int ts_layer_norm_backward(int dtype, int64_t rows, int64_t cols, const void *x, const void *grad_out,
                                     const void *weight, const void *save_mean, const void *save_invstd, void *grad_x,
                                     void *grad_weight, void *grad_bias) {
  const char *fn = "layer_norm_backward";
  if (int rc = check_dims(fn, rows, cols, 1)) return rc;
  return dispatch_float(fn, dtype, rows, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x), *gp = static_cast<const T *>(grad_out), *w = static_cast<const T *>(weight);
    const T *mp = static_cast<const T *>(save_mean), *ip = static_cast<const T *>(save_invstd);
    T *gx = static_cast<T *>(grad_x);
    // grad_weight and grad_bias sum over rows: each thread sums its range of rows, and the partial
    // sums are added in row order after the join, so the result does not depend on timing.
    const size_t wn = grad_weight ? cols : 0, bn = grad_bias ? cols : 0;
    struct Partial {
      int64_t first_row;
      std::vector<double> dw, db;
    };
    std::vector<Partial> partials;
    std::mutex merge;
    ts::parallel_planes(rows, 3 * cols, [&](int64_t r0, int64_t r1) {
      std::vector<double> my_dw(wn, 0.0), my_db(bn, 0.0);
      std::vector<T> gw(gx ? cols : 0);
      for (int64_t r = r0; r < r1; r++) {
        const T *xr = xp + r * cols, *gr = gp + r * cols;
        const double mean = (double)mp[r], invstd = (double)ip[r];
        for (size_t j = 0; j < wn; j++) my_dw[j] += (double)gr[j] * ((double)xr[j] - mean) * invstd;
        for (size_t j = 0; j < bn; j++) my_db[j] += (double)gr[j];
        if (!gx || cols == 0) continue;
        const T *g = gr;
        if (w) {
          for (int64_t j = 0; j < cols; j++) gw[j] = gr[j] * w[j];
          g = gw.data();
        }
        double sums[2] = {0, 0};  // sum gw, sum gw (x - mean)
        run_grad_sums(g, xr, cols, mean, sums);
        run_centered_grad(g, xr, gx + r * cols, cols, (T)mean, (T)(sums[0] / (double)cols),
                          (T)(sums[1] * invstd * invstd / (double)cols), (T)invstd);
      }
      std::lock_guard<std::mutex> lock(merge);
      partials.push_back({r0, std::move(my_dw), std::move(my_db)});
    });
    std::sort(partials.begin(), partials.end(), [](const Partial &a, const Partial &b) { return a.first_row < b.first_row; });
    std::vector<double> dw(wn, 0.0), db(bn, 0.0);
    for (const Partial &p : partials) {
      for (size_t j = 0; j < wn; j++) dw[j] += p.dw[j];
      for (size_t j = 0; j < bn; j++) db[j] += p.db[j];
    }
    for (size_t j = 0; j < wn; j++) static_cast<T *>(grad_weight)[j] = (T)dw[j];
    for (size_t j = 0; j < bn; j++) static_cast<T *>(grad_bias)[j] = (T)db[j];
    return TS_OK;
  });
}
