// pool.cc: 2-D max, average and adaptive average pooling (pool.h), forward and backward, one plane
// (an image channel) at a time, planes split over the shared pool. Windows are clipped to the
// input once per output row and column (the "taps" of the kernel that land inside it), so the inner
// loops never test for padding. Max pooling with a 2x2 kernel and stride 2 (the CNN case) has its
// own vectorised row kernel; averages sum in double.
#include <algorithm>
#include <atomic>
#include <vector>

#include "internal.h"
#include "plane_split.h"
#include "strided.h"
#include "tessera/pool.h"

namespace {

using ts::dispatch_float;
using ts::fail;

// One spatial axis of a pooling window.
struct Axis {
  int64_t in, out, kernel, stride, pad, dilation;

  int64_t start(int64_t o) const { return o * stride - pad; }

  // The kernel taps [lo, hi) of window o whose positions start(o) + tap * dilation lie in [0, in).
  void taps(int64_t o, int64_t &lo, int64_t &hi) const {
    const int64_t s = start(o);
    lo = s < 0 ? (-s + dilation - 1) / dilation : 0;
    hi = s > in - 1 ? 0 : std::min(kernel, (in - 1 - s) / dilation + 1);
  }
};

int check_sizes(const char *fn, int64_t planes, const Axis &y, const Axis &x) {
  if (planes < 0 || y.in < 1 || x.in < 1 || y.out < 0 || x.out < 0)
    return fail(TS_ERR_INVALID, "%s: bad sizes: %lld planes of %lldx%lld into %lldx%lld", fn, (long long)planes,
                (long long)y.in, (long long)x.in, (long long)y.out, (long long)x.out);
  for (const Axis *a : {&y, &x}) {
    if (a->kernel < 1 || a->stride < 1 || a->pad < 0 || a->dilation < 1)
      return fail(TS_ERR_INVALID, "%s: bad window: kernel %lld, stride %lld, padding %lld, dilation %lld", fn,
                  (long long)a->kernel, (long long)a->stride, (long long)a->pad, (long long)a->dilation);
  }
  return TS_OK;
}

// Every window must cover at least one input element (the caller's output size guarantees it).
int check_windows_overlap(const char *fn, const Axis &a, const char *axis) {
  for (int64_t o = 0; o < a.out; o++) {
    int64_t lo, hi;
    a.taps(o, lo, hi);
    if (lo >= hi)
      return fail(TS_ERR_INVALID, "%s: the window of output %s %lld covers no input element (input size %lld)", fn, axis,
                  (long long)o, (long long)a.in);
  }
  return TS_OK;
}

// The checks every pooling entry point makes on its two axes before touching memory.
int check_windows(const char *fn, int64_t planes, const Axis &y, const Axis &x) {
  if (int rc = check_sizes(fn, planes, y, x)) return rc;
  if (int rc = check_windows_overlap(fn, y, "row")) return rc;
  return check_windows_overlap(fn, x, "column");
}

// Per-output tap ranges of one axis, computed once per call.
struct Taps {
  std::vector<int64_t> lo, hi;
  explicit Taps(const Axis &a) : lo(a.out), hi(a.out) {
    for (int64_t o = 0; o < a.out; o++) a.taps(o, lo[o], hi[o]);
  }
};

// b replaces the running maximum when it is greater or NaN (PyTorch's scan rule).
template <typename T>
inline bool takes_max(T b, T m) {
  return (b > m) | (b != b);
}

// ------------------------------------------------------------------ max pooling

// One output row of a 2x2, stride-2 max pool from input rows r0 and r1 (no padding): values and,
// when idx is not NULL, flat indices (base = the plane position of r0[0]).
template <typename T>
TS_SIMD_CLONES void max2x2_row(const T *r0, const T *r1, T *out, int64_t *idx, int64_t n, int64_t base, int64_t w) {
  if (!idx) {
    for (int64_t j = 0; j < n; j++) {
      T m = r0[2 * j];
      m = takes_max(r0[2 * j + 1], m) ? r0[2 * j + 1] : m;
      m = takes_max(r1[2 * j], m) ? r1[2 * j] : m;
      m = takes_max(r1[2 * j + 1], m) ? r1[2 * j + 1] : m;
      out[j] = m;
    }
    return;
  }
  for (int64_t j = 0; j < n; j++) {
    T m = r0[2 * j];
    int64_t k = 0;
    if (takes_max(r0[2 * j + 1], m)) m = r0[2 * j + 1], k = 1;
    if (takes_max(r1[2 * j], m)) m = r1[2 * j], k = w;
    if (takes_max(r1[2 * j + 1], m)) m = r1[2 * j + 1], k = w + 1;
    out[j] = m;
    idx[j] = base + 2 * j + k;
  }
}

// Any window: scan the taps inside the input in row-major order.
template <typename T>
void max_plane(const T *x, T *out, int64_t *idx, const Axis &y, const Axis &xa, const Taps &ty, const Taps &tx) {
  for (int64_t oy = 0; oy < y.out; oy++) {
    const int64_t sy = y.start(oy);
    for (int64_t ox = 0; ox < xa.out; ox++) {
      const int64_t sx = xa.start(ox);
      int64_t best = (sy + ty.lo[oy] * y.dilation) * xa.in + sx + tx.lo[ox] * xa.dilation;
      T m = x[best];
      for (int64_t i = ty.lo[oy]; i < ty.hi[oy]; i++) {
        const int64_t row = (sy + i * y.dilation) * xa.in;
        for (int64_t j = tx.lo[ox]; j < tx.hi[ox]; j++) {
          const int64_t at = row + sx + j * xa.dilation;
          if (takes_max(x[at], m)) m = x[at], best = at;
        }
      }
      out[oy * xa.out + ox] = m;
      if (idx) idx[oy * xa.out + ox] = best;
    }
  }
}

bool is_plain_2x2(const Axis &y, const Axis &x) {
  for (const Axis *a : {&y, &x})
    if (a->kernel != 2 || a->stride != 2 || a->pad != 0 || a->dilation != 1 || 2 * a->out > a->in) return false;
  return true;
}

// ------------------------------------------------------------------ average pooling

// Window o of an average pool: input range [lo, hi) after clipping, and the extent PyTorch counts
// with count_include_pad (clipped to the padded input only).
struct Span {
  int64_t lo, hi, padded;
};

inline Span avg_span(const Axis &a, int64_t o) {
  const int64_t s = a.start(o);
  const int64_t e = std::min(s + a.kernel, a.in + a.pad);
  return {std::max<int64_t>(s, 0), std::min(e, a.in), e - s};
}

// Adaptive pooling window o: [floor(o in / out), ceil((o + 1) in / out)).
inline Span adaptive_span(int64_t in, int64_t out, int64_t o) {
  const int64_t lo = o * in / out, hi = ((o + 1) * in + out - 1) / out;
  return {lo, hi, hi - lo};
}

// Sums rows [lo, hi) of a plane into col (w doubles); vectorises over the columns.
template <typename T>
TS_SIMD_CLONES void sum_rows(const T *x, int64_t w, int64_t lo, int64_t hi, double *col) {
  for (int64_t ix = 0; ix < w; ix++) col[ix] = 0;
  for (int64_t iy = lo; iy < hi; iy++) {
    const T *row = x + iy * w;
    for (int64_t ix = 0; ix < w; ix++) col[ix] += (double)row[ix];
  }
}

// An average-style forward: out[oy, ox] = (sum over rows rows(oy) and columns cols(ox)) / divisor.
template <typename T, typename Rows, typename Cols, typename Divisor>
void average_forward(int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w, const T *x, T *out, Rows rows,
                     Cols cols, Divisor divisor) {
  ts::parallel_planes(planes, h * w, [&](int64_t p0, int64_t p1) {
    std::vector<double> col(w);
    for (int64_t p = p0; p < p1; p++) {
      const T *xp = x + p * h * w;
      T *op = out + p * out_h * out_w;
      for (int64_t oy = 0; oy < out_h; oy++) {
        const Span ry = rows(oy);
        sum_rows(xp, w, ry.lo, ry.hi, col.data());
        for (int64_t ox = 0; ox < out_w; ox++) {
          const Span rx = cols(ox);
          double s = 0;
          for (int64_t ix = rx.lo; ix < rx.hi; ix++) s += col[ix];
          op[oy * out_w + ox] = (T)(s / (double)divisor(ry, rx));
        }
      }
    }
  });
}

// Its adjoint: every input element of window (oy, ox) receives grad_out[oy, ox] / divisor.
template <typename T, typename Rows, typename Cols, typename Divisor>
void average_backward(int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w, const T *grad_out, T *grad_x,
                      Rows rows, Cols cols, Divisor divisor) {
  ts::parallel_planes(planes, h * w, [&](int64_t p0, int64_t p1) {
    std::vector<double> col(w);
    for (int64_t p = p0; p < p1; p++) {
      const T *gp = grad_out + p * out_h * out_w;
      T *gx = grad_x + p * h * w;
      std::fill(gx, gx + h * w, T(0));
      for (int64_t oy = 0; oy < out_h; oy++) {
        const Span ry = rows(oy);
        // What this output row sends to each input column, then added to each row it covers.
        std::fill(col.begin(), col.end(), 0.0);
        for (int64_t ox = 0; ox < out_w; ox++) {
          const Span rx = cols(ox);
          const double v = (double)gp[oy * out_w + ox] / (double)divisor(ry, rx);
          for (int64_t ix = rx.lo; ix < rx.hi; ix++) col[ix] += v;
        }
        for (int64_t iy = ry.lo; iy < ry.hi; iy++) {
          T *row = gx + iy * w;
          for (int64_t ix = 0; ix < w; ix++) row[ix] = (T)((double)row[ix] + col[ix]);
        }
      }
    }
  });
}

}  // namespace

// ------------------------------------------------------------------ max_pool2d

TS_EXPORT int ts_max_pool2d_forward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                                    int64_t kernel_h, int64_t kernel_w, int64_t stride_h, int64_t stride_w, int64_t pad_h,
                                    int64_t pad_w, int64_t dilation_h, int64_t dilation_w, const void *x, void *out,
                                    int64_t *indices) {
  const char *fn = "max_pool2d";
  const Axis ya{h, out_h, kernel_h, stride_h, pad_h, dilation_h}, xa{w, out_w, kernel_w, stride_w, pad_w, dilation_w};
  if (int rc = check_windows(fn, planes, ya, xa)) return rc;
  return dispatch_float(fn, dtype, planes, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *xp = static_cast<const T *>(x);
    T *op = static_cast<T *>(out);
    const bool plain = is_plain_2x2(ya, xa);
    const Taps ty(ya), tx(xa);
    ts::parallel_planes(planes, h * w, [&](int64_t p0, int64_t p1) {
      for (int64_t p = p0; p < p1; p++) {
        const T *xq = xp + p * h * w;
        T *oq = op + p * out_h * out_w;
        int64_t *iq = indices ? indices + p * out_h * out_w : nullptr;
        if (!plain) {
          max_plane(xq, oq, iq, ya, xa, ty, tx);
          continue;
        }
        for (int64_t oy = 0; oy < out_h; oy++) {
          max2x2_row(xq + 2 * oy * w, xq + (2 * oy + 1) * w, oq + oy * out_w, iq ? iq + oy * out_w : nullptr, out_w,
                     2 * oy * w, w);
        }
      }
    });
    return TS_OK;
  });
}

TS_EXPORT int ts_max_pool2d_backward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                                     const void *grad_out, const int64_t *indices, void *grad_x) {
  const char *fn = "max_pool2d_backward";
  if (planes < 0 || h < 1 || w < 1 || out_h < 0 || out_w < 0)
    return fail(TS_ERR_INVALID, "%s: bad sizes: %lld planes of %lldx%lld from %lldx%lld", fn, (long long)planes, (long long)h,
                (long long)w, (long long)out_h, (long long)out_w);
  return dispatch_float(fn, dtype, planes, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *gp = static_cast<const T *>(grad_out);
    T *gx = static_cast<T *>(grad_x);
    const int64_t hw = h * w, outs = out_h * out_w;
    std::atomic<bool> failed{false};  // an index outside the plane, reported after the join
    std::atomic<int64_t> bad{0};
    ts::parallel_planes(planes, hw, [&](int64_t p0, int64_t p1) {
      for (int64_t p = p0; p < p1; p++) {
        T *gq = gx + p * hw;
        const T *g = gp + p * outs;
        const int64_t *iq = indices + p * outs;
        std::fill(gq, gq + hw, T(0));
        for (int64_t o = 0; o < outs; o++) {
          const int64_t k = iq[o];
          if ((uint64_t)k >= (uint64_t)hw) {
            bad.store(k);
            failed.store(true);
            return;
          }
          gq[k] += g[o];
        }
      }
    });
    if (failed.load())
      return fail(TS_ERR_INVALID, "%s: index %lld out of range for a %lldx%lld plane", fn, (long long)bad.load(), (long long)h,
                  (long long)w);
    return TS_OK;
  });
}

// ------------------------------------------------------------------ avg_pool2d

namespace {

// How many elements an average window divides by: its padded size (PyTorch's count_include_pad) or
// the input elements it covers.
auto avg_divisor(bool count_include_pad) {
  return [count_include_pad](const Span &ry, const Span &rx) {
    return count_include_pad ? ry.padded * rx.padded : (ry.hi - ry.lo) * (rx.hi - rx.lo);
  };
}

}  // namespace


TS_EXPORT int ts_avg_pool2d_forward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                                    int64_t kernel_h, int64_t kernel_w, int64_t stride_h, int64_t stride_w, int64_t pad_h,
                                    int64_t pad_w, int count_include_pad, const void *x, void *out) {
  const char *fn = "avg_pool2d";
  const Axis ya{h, out_h, kernel_h, stride_h, pad_h, 1}, xa{w, out_w, kernel_w, stride_w, pad_w, 1};
  if (int rc = check_windows(fn, planes, ya, xa)) return rc;
  return dispatch_float(fn, dtype, planes, [&](auto zero) -> int {
    using T = decltype(zero);
    average_forward(planes, h, w, out_h, out_w, static_cast<const T *>(x), static_cast<T *>(out),
                    [&](int64_t oy) { return avg_span(ya, oy); }, [&](int64_t ox) { return avg_span(xa, ox); },
                    avg_divisor(count_include_pad));
    return TS_OK;
  });
}

TS_EXPORT int ts_avg_pool2d_backward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                                     int64_t kernel_h, int64_t kernel_w, int64_t stride_h, int64_t stride_w, int64_t pad_h,
                                     int64_t pad_w, int count_include_pad, const void *grad_out, void *grad_x) {
  const char *fn = "avg_pool2d_backward";
  const Axis ya{h, out_h, kernel_h, stride_h, pad_h, 1}, xa{w, out_w, kernel_w, stride_w, pad_w, 1};
  if (int rc = check_windows(fn, planes, ya, xa)) return rc;
  return dispatch_float(fn, dtype, planes, [&](auto zero) -> int {
    using T = decltype(zero);
    average_backward(planes, h, w, out_h, out_w, static_cast<const T *>(grad_out), static_cast<T *>(grad_x),
                     [&](int64_t oy) { return avg_span(ya, oy); }, [&](int64_t ox) { return avg_span(xa, ox); },
                     avg_divisor(count_include_pad));
    return TS_OK;
  });
}

// ------------------------------------------------------------------ adaptive_avg_pool2d

namespace {

int check_adaptive(const char *fn, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w) {
  if (planes < 0 || h < 1 || w < 1 || out_h < 0 || out_w < 0)
    return fail(TS_ERR_INVALID, "%s: bad sizes: %lld planes of %lldx%lld to %lldx%lld", fn, (long long)planes, (long long)h,
                (long long)w, (long long)out_h, (long long)out_w);
  return TS_OK;
}

}  // namespace

TS_EXPORT int ts_adaptive_avg_pool2d_forward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                                             const void *x, void *out) {
  const char *fn = "adaptive_avg_pool2d";
  if (int rc = check_adaptive(fn, planes, h, w, out_h, out_w)) return rc;
  return dispatch_float(fn, dtype, planes, [&](auto zero) -> int {
    using T = decltype(zero);
    average_forward(planes, h, w, out_h, out_w, static_cast<const T *>(x), static_cast<T *>(out),
                    [&](int64_t oy) { return adaptive_span(h, out_h, oy); },
                    [&](int64_t ox) { return adaptive_span(w, out_w, ox); },
                    [](const Span &ry, const Span &rx) { return ry.padded * rx.padded; });
    return TS_OK;
  });
}

TS_EXPORT int ts_adaptive_avg_pool2d_backward(int dtype, int64_t planes, int64_t h, int64_t w, int64_t out_h, int64_t out_w,
                                              const void *grad_out, void *grad_x) {
  const char *fn = "adaptive_avg_pool2d_backward";
  if (int rc = check_adaptive(fn, planes, h, w, out_h, out_w)) return rc;
  return dispatch_float(fn, dtype, planes, [&](auto zero) -> int {
    using T = decltype(zero);
    average_backward(planes, h, w, out_h, out_w, static_cast<const T *>(grad_out), static_cast<T *>(grad_x),
                     [&](int64_t oy) { return adaptive_span(h, out_h, oy); },
                     [&](int64_t ox) { return adaptive_span(w, out_w, ox); },
                     [](const Span &ry, const Span &rx) { return ry.padded * rx.padded; });
    return TS_OK;
  });
}
