// loss.cc: fused loss kernels (loss.h). Autograd calls the forward to get the unreduced loss and
// the backward with the upstream gradient; the reduction ('mean', 'sum') stays in Java. Row-wise
// losses (cross_entropy, nll) keep their per-row sums in double, like softmax.cc; the pointwise
// ones compute in the element type, in the orders PyTorch's CPU kernels use.
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "internal.h"
#include "strided.h"
#include "tessera/loss.h"

namespace {

using ts::dispatch_float;
using ts::fail;


int check_grad_stride(const char *fn, int64_t grad_stride) {
  if (grad_stride != 0 && grad_stride != 1) return fail(TS_ERR_INVALID, "%s: grad_stride %lld is not 0 or 1", fn, (long long)grad_stride);
  return TS_OK;
}

// Every label is in [0, c) or ignore_index; checked before a kernel writes anything.
int check_labels(const char *fn, int64_t n, int64_t c, const int64_t *labels, int64_t ignore_index) {
  for (int64_t i = 0; i < n; i++) {
    int64_t y = labels[i];
    if (y != ignore_index && (y < 0 || y >= c))
      return fail(TS_ERR_INVALID, "%s: label %lld of sample %lld out of range for %lld classes", fn, (long long)y,
                  (long long)i, (long long)c);
  }
  return TS_OK;
}

int check_rows(const char *fn, int64_t n, int64_t c) {
  if (n < 0 || c < 0) return fail(TS_ERR_INVALID, "%s: negative size [%lld, %lld]", fn, (long long)n, (long long)c);
  return TS_OK;
}

// log sum exp of a row, max-shifted, summed in double; NaN if the row holds NaN or +inf, -inf
// if every entry is -inf (as log_softmax).
template <typename T>
double row_logsumexp(const T *x, int64_t c) {
  const T m = ts::row_extreme<true>(x, c);
  if (std::isinf(m)) return m < 0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
  double s = 0;
  for (int64_t j = 0; j < c; j++) s += (double)ts::vexp(T(x[j] - m));
  return (double)m + std::log(s);
}

// -log sigmoid(x) = max(-x, 0) + log1p(exp(-|x|)), finite for every finite x.
template <typename T>
inline T neg_log_sigmoid(T x) {
  return std::max(T(-x), T(0)) + std::log1p(std::exp(-std::fabs(x)));
}

template <typename T>
inline T stable_sigmoid(T x) {
  T e = std::exp(-std::fabs(x));
  return x >= 0 ? T(1) / (T(1) + e) : e / (T(1) + e);
}

}  // namespace

// ------------------------------------------------------------------ cross entropy and nll

TS_EXPORT int ts_cross_entropy_forward(int dtype, int64_t n, int64_t c, const void *x, const int64_t *labels,
                                       const void *weight, double smoothing, int64_t ignore_index, void *loss,
                                       double *total_weight) {
  const char *fn = "cross_entropy";
  if (int rc = check_rows(fn, n, c)) return rc;
  if (!(smoothing >= 0 && smoothing <= 1)) return fail(TS_ERR_INVALID, "%s: label smoothing %g outside [0, 1]", fn, smoothing);
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    if (int rc = check_labels(fn, n, c, labels, ignore_index)) return rc;
    const T *xp = static_cast<const T *>(x), *w = static_cast<const T *>(weight);
    T *out = static_cast<T *>(loss);
    double total = 0;
    for (int64_t i = 0; i < n; i++) {
      const int64_t y = labels[i];
      if (y == ignore_index) {
        out[i] = 0;
        continue;
      }
      const T *row = xp + i * c;
      const double lse = row_logsumexp(row, c);
      const double wy = w ? (double)w[y] : 1.0;
      total += wy;
      double l = (1 - smoothing) * wy * (lse - (double)row[y]);
      if (smoothing > 0) {
        double s = 0;  // sum_j w_j (lse - x_j)
        for (int64_t j = 0; j < c; j++) s += (w ? (double)w[j] : 1.0) * (lse - (double)row[j]);
        l += smoothing / (double)c * s;
      }
      out[i] = (T)l;
    }
    if (total_weight) *total_weight = total;
    return TS_OK;
  });
}

TS_EXPORT int ts_cross_entropy_backward(int dtype, int64_t n, int64_t c, const void *x, const int64_t *labels,
                                        const void *weight, double smoothing, int64_t ignore_index,
                                        const void *grad_loss, int64_t grad_stride, void *grad_x) {
  const char *fn = "cross_entropy_backward";
  if (int rc = check_rows(fn, n, c)) return rc;
  if (int rc = check_grad_stride(fn, grad_stride)) return rc;
  if (!(smoothing >= 0 && smoothing <= 1)) return fail(TS_ERR_INVALID, "%s: label smoothing %g outside [0, 1]", fn, smoothing);
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    if (int rc = check_labels(fn, n, c, labels, ignore_index)) return rc;
    const T *xp = static_cast<const T *>(x), *w = static_cast<const T *>(weight), *g = static_cast<const T *>(grad_loss);
    T *dx = static_cast<T *>(grad_x);
    double wsum = 0;  // W = sum_j w_j
    if (smoothing > 0) {
      if (w) for (int64_t j = 0; j < c; j++) wsum += (double)w[j];
      else wsum = (double)c;
    }
    for (int64_t i = 0; i < n; i++) {
      const int64_t y = labels[i];
      T *drow = dx + i * c;
      if (y == ignore_index) {
        std::fill(drow, drow + c, T(0));
        continue;
      }
      const T *row = xp + i * c;
      const double gi = (double)g[i * grad_stride];
      const double lse = row_logsumexp(row, c);
      const double wy = w ? (double)w[y] : 1.0;
      // dx_j = a p_j - b_j with a = g ((1 - eps) w_y + eps / c W), b_j = g (eps / c w_j + (1 - eps) w_y [j == y]).
      const T a = T(gi * ((1 - smoothing) * wy + smoothing / (double)c * wsum));
      const T bs = T(gi * smoothing / (double)c);
      // p_j = exp((x_j - m) - log s): lse itself rounded to f32 would lose ~1e-3 at |x| ~ 1e4.
      const T m = ts::row_extreme<true>(row, c);
      const T log_s = T(lse - (double)m);
      if (w) {
        for (int64_t j = 0; j < c; j++) drow[j] = a * ts::vexp(T(T(row[j] - m) - log_s)) - bs * w[j];
      } else {
        for (int64_t j = 0; j < c; j++) drow[j] = a * ts::vexp(T(T(row[j] - m) - log_s)) - bs;
      }
      drow[y] = T((double)drow[y] - gi * (1 - smoothing) * wy);
    }
    return TS_OK;
  });
}

TS_EXPORT int ts_nll_forward(int dtype, int64_t n, int64_t c, const void *x, const int64_t *labels, const void *weight,
                             int64_t ignore_index, void *loss, double *total_weight) {
  const char *fn = "nll_loss";
  if (int rc = check_rows(fn, n, c)) return rc;
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    if (int rc = check_labels(fn, n, c, labels, ignore_index)) return rc;
    const T *xp = static_cast<const T *>(x), *w = static_cast<const T *>(weight);
    T *out = static_cast<T *>(loss);
    double total = 0;
    for (int64_t i = 0; i < n; i++) {
      const int64_t y = labels[i];
      if (y == ignore_index) {
        out[i] = 0;
        continue;
      }
      const T wy = w ? w[y] : T(1);
      total += (double)wy;
      out[i] = -wy * xp[i * c + y];
    }
    if (total_weight) *total_weight = total;
    return TS_OK;
  });
}

TS_EXPORT int ts_nll_backward(int dtype, int64_t n, int64_t c, const int64_t *labels, const void *weight,
                              int64_t ignore_index, const void *grad_loss, int64_t grad_stride, void *grad_x) {
  const char *fn = "nll_loss_backward";
  if (int rc = check_rows(fn, n, c)) return rc;
  if (int rc = check_grad_stride(fn, grad_stride)) return rc;
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    if (int rc = check_labels(fn, n, c, labels, ignore_index)) return rc;
    const T *w = static_cast<const T *>(weight), *g = static_cast<const T *>(grad_loss);
    T *dx = static_cast<T *>(grad_x);
    for (int64_t i = 0; i < n; i++) {
      T *drow = dx + i * c;
      std::fill(drow, drow + c, T(0));
      const int64_t y = labels[i];
      if (y != ignore_index) drow[y] = -(w ? w[y] : T(1)) * g[i * grad_stride];
    }
    return TS_OK;
  });
}

// ------------------------------------------------------------------ binary cross entropy

TS_EXPORT int ts_bce_with_logits_forward(int dtype, int64_t n, const void *x, const void *y, const void *pos_weight,
                                         int64_t c, void *loss) {
  const char *fn = "binary_cross_entropy_with_logits";
  if (pos_weight && (c <= 0 || n % c != 0))
    return fail(TS_ERR_INVALID, "%s: %lld elements are not rows of pos_weight's %lld entries", fn, (long long)n, (long long)c);
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x), *yp = static_cast<const T *>(y), *pw = static_cast<const T *>(pos_weight);
    T *out = static_cast<T *>(loss);
    for (int64_t i = 0; i < n; i++) {
      const T xi = xp[i], yi = yp[i];
      const T lw = pw ? T((pw[i % c] - T(1)) * yi + T(1)) : T(1);
      out[i] = (T(1) - yi) * xi + lw * neg_log_sigmoid(xi);
    }
    return TS_OK;
  });
}

TS_EXPORT int ts_bce_with_logits_backward(int dtype, int64_t n, const void *x, const void *y, const void *pos_weight,
                                          int64_t c, const void *grad_loss, int64_t grad_stride, void *grad_x,
                                          void *grad_y) {
  const char *fn = "binary_cross_entropy_with_logits_backward";
  if (int rc = check_grad_stride(fn, grad_stride)) return rc;
  if (pos_weight && (c <= 0 || n % c != 0))
    return fail(TS_ERR_INVALID, "%s: %lld elements are not rows of pos_weight's %lld entries", fn, (long long)n, (long long)c);
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x), *yp = static_cast<const T *>(y), *pw = static_cast<const T *>(pos_weight);
    const T *g = static_cast<const T *>(grad_loss);
    T *dx = static_cast<T *>(grad_x), *dy = static_cast<T *>(grad_y);
    for (int64_t i = 0; i < n; i++) {
      const T xi = xp[i], yi = yp[i], gi = g[i * grad_stride];
      if (pw) {
        const T p = pw[i % c], lw = T((p - T(1)) * yi + T(1));
        if (dx) dx[i] = gi * (lw * stable_sigmoid(xi) - p * yi);
        if (dy) dy[i] = gi * ((p - T(1)) * neg_log_sigmoid(xi) - xi);
      } else {
        if (dx) dx[i] = gi * (stable_sigmoid(xi) - yi);
        if (dy) dy[i] = gi * -xi;
      }
    }
    return TS_OK;
  });
}

TS_EXPORT int ts_bce_forward(int dtype, int64_t n, const void *x, const void *y, void *loss) {
  const char *fn = "binary_cross_entropy";
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x), *yp = static_cast<const T *>(y);
    for (int64_t i = 0; i < n; i++)
      if (!(xp[i] >= 0 && xp[i] <= 1))
        return fail(TS_ERR_INVALID, "%s: input %g at element %lld is outside [0, 1] (expected probabilities)", fn,
                    (double)xp[i], (long long)i);
    T *out = static_cast<T *>(loss);
    for (int64_t i = 0; i < n; i++) {
      const T xi = xp[i], yi = yp[i];
      out[i] = (yi - T(1)) * std::max(T(std::log1p(-xi)), T(-100)) - yi * std::max(T(std::log(xi)), T(-100));
    }
    return TS_OK;
  });
}

TS_EXPORT int ts_bce_backward(int dtype, int64_t n, const void *x, const void *y, const void *grad_loss,
                              int64_t grad_stride, void *grad_x, void *grad_y) {
  const char *fn = "binary_cross_entropy_backward";
  if (int rc = check_grad_stride(fn, grad_stride)) return rc;
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x), *yp = static_cast<const T *>(y), *g = static_cast<const T *>(grad_loss);
    T *dx = static_cast<T *>(grad_x), *dy = static_cast<T *>(grad_y);
    for (int64_t i = 0; i < n; i++) {
      const T xi = xp[i], yi = yp[i], gi = g[i * grad_stride];
      if (dx) dx[i] = gi * (xi - yi) / std::max((T(1) - xi) * xi, T(1e-12));
      if (dy) dy[i] = gi * (T(std::log1p(-xi)) - T(std::log(xi)));
    }
    return TS_OK;
  });
}

// ------------------------------------------------------------------ pointwise regression losses

namespace {

const char *const kPointwiseNames[TS_POINTWISE_LOSS_COUNT] = {"mse", "l1", "huber", "smooth_l1"};

template <typename T>
TS_SIMD_CLONES void pointwise_forward(int kind, int64_t n, const T *x, const T *y, T p, T *out) {
  switch (kind) {
    case TS_LOSS_MSE:
      for (int64_t i = 0; i < n; i++) {
        T d = x[i] - y[i];
        out[i] = d * d;
      }
      break;
    case TS_LOSS_L1:
      for (int64_t i = 0; i < n; i++) out[i] = std::fabs(x[i] - y[i]);
      break;
    case TS_LOSS_HUBER:
      for (int64_t i = 0; i < n; i++) {
        T z = std::fabs(x[i] - y[i]);
        out[i] = z < p ? T(0.5) * z * z : p * (z - T(0.5) * p);
      }
      break;
    case TS_LOSS_SMOOTH_L1:
      for (int64_t i = 0; i < n; i++) {
        T z = std::fabs(x[i] - y[i]);
        out[i] = z < p ? T(0.5) * z * z / p : z - T(0.5) * p;
      }
      break;
  }
}

template <typename T>
void pointwise_backward(int kind, int64_t n, const T *x, const T *y, T p, const T *g, int64_t gs, T *dx, T *dy) {
  for (int64_t i = 0; i < n; i++) {
    const T d = x[i] - y[i], gi = g[i * gs];
    T r;
    switch (kind) {
      case TS_LOSS_MSE: r = T(2) * d * gi; break;
      case TS_LOSS_L1: r = T((d > 0) - (d < 0)) * gi; break;
      case TS_LOSS_HUBER: r = d <= -p ? -p * gi : d >= p ? p * gi : d * gi; break;
      default: r = d <= -p ? -gi : d >= p ? gi : d * gi / p; break;  // SMOOTH_L1
    }
    if (d != d && kind == TS_LOSS_L1) r = d;  // sign(NaN) = NaN
    if (dx) dx[i] = r;
    if (dy) dy[i] = -r;
  }
}

int check_pointwise(const char *fn, int kind, double param) {
  if (kind < 0 || kind >= TS_POINTWISE_LOSS_COUNT) return fail(TS_ERR_INVALID, "%s: unknown loss code %d", fn, kind);
  if (kind == TS_LOSS_HUBER && !(param > 0)) return fail(TS_ERR_INVALID, "huber_loss: delta %g must be > 0", param);
  if (kind == TS_LOSS_SMOOTH_L1 && !(param >= 0)) return fail(TS_ERR_INVALID, "smooth_l1_loss: beta %g must be >= 0", param);
  return TS_OK;
}

}  // namespace

TS_EXPORT const char *ts_pointwise_loss_name(int kind) {
  return kind >= 0 && kind < TS_POINTWISE_LOSS_COUNT ? kPointwiseNames[kind] : nullptr;
}

TS_EXPORT int ts_pointwise_loss_forward(int kind, int dtype, int64_t n, const void *x, const void *y, double param,
                                        void *loss) {
  const char *fn = "pointwise_loss";
  if (int rc = check_pointwise(fn, kind, param)) return rc;
  if (kind == TS_LOSS_SMOOTH_L1 && param == 0) kind = TS_LOSS_L1;
  return dispatch_float(kPointwiseNames[kind], dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    pointwise_forward<T>(kind, n, static_cast<const T *>(x), static_cast<const T *>(y), T(param), static_cast<T *>(loss));
    return TS_OK;
  });
}

TS_EXPORT int ts_pointwise_loss_backward(int kind, int dtype, int64_t n, const void *x, const void *y, double param,
                                         const void *grad_loss, int64_t grad_stride, void *grad_x, void *grad_y) {
  const char *fn = "pointwise_loss_backward";
  if (int rc = check_pointwise(fn, kind, param)) return rc;
  if (int rc = check_grad_stride(fn, grad_stride)) return rc;
  if (kind == TS_LOSS_SMOOTH_L1 && param == 0) kind = TS_LOSS_L1;
  return dispatch_float(kPointwiseNames[kind], dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    pointwise_backward<T>(kind, n, static_cast<const T *>(x), static_cast<const T *>(y), T(param),
                          static_cast<const T *>(grad_loss), grad_stride, static_cast<T *>(grad_x), static_cast<T *>(grad_y));
    return TS_OK;
  });
}

// ------------------------------------------------------------------ kl_div

TS_EXPORT int ts_kl_div_forward(int dtype, int64_t n, const void *x, const void *t, int log_target, void *loss) {
  return dispatch_float("kl_div", dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x), *tp = static_cast<const T *>(t);
    T *out = static_cast<T *>(loss);
    for (int64_t i = 0; i < n; i++) {
      const T xi = xp[i], ti = tp[i];
      if (log_target) {
        out[i] = std::exp(ti) * (ti - xi);
      } else {
        const T xlogy = ti == 0 ? T(0) : ti * std::log(ti);  // xlogy(t, t): 0 at t == 0, NaN stays NaN
        out[i] = xlogy - ti * xi;
      }
    }
    return TS_OK;
  });
}

TS_EXPORT int ts_kl_div_backward(int dtype, int64_t n, const void *x, const void *t, int log_target,
                                 const void *grad_loss, int64_t grad_stride, void *grad_x, void *grad_t) {
  const char *fn = "kl_div_backward";
  if (int rc = check_grad_stride(fn, grad_stride)) return rc;
  return dispatch_float(fn, dtype, n, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x), *tp = static_cast<const T *>(t), *g = static_cast<const T *>(grad_loss);
    T *dx = static_cast<T *>(grad_x), *dt = static_cast<T *>(grad_t);
    for (int64_t i = 0; i < n; i++) {
      const T xi = xp[i], ti = tp[i], gi = g[i * grad_stride];
      if (log_target) {
        const T e = std::exp(ti);
        if (dx) dx[i] = -e * gi;
        if (dt) dt[i] = gi * ((ti + T(1) - xi) * e);
      } else {
        if (dx) dx[i] = -ti * gi;
        if (dt) dt[i] = ti == 0 ? T(0) : gi * (std::log(ti) + T(1) - xi);
      }
    }
    return TS_OK;
  });
}
