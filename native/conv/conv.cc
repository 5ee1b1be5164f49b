// native/conv/conv.cc: the table of conv2d versions (name, CPU features needed, entry points) and
// the C ABI of conv.h, which checks dtype and geometry once and runs the chosen version; also the
// bias gradient (a plain reduction, the same for every version) and conv_gemm, the one place that
// decides which gemm v2 multiplies with, and parallel_chunks.
#include <algorithm>

#include "conv_geometry.h"
#include "internal.h"
#include "thread_pool.h"
#include "tessera/cpu.h"
#include "tessera/gemm.h"

namespace {

// Index = version - 1.
const ts::ConvVersion *const versions[] = {&ts::conv_v1_direct, &ts::conv_v2_im2col, &ts::conv_v3_blocked,
                                           &ts::conv_v4_rowwise};
constexpr int version_count = sizeof versions / sizeof versions[0];

const ts::ConvVersion *find(int version) {
  return version >= 1 && version <= version_count ? versions[version - 1] : nullptr;
}

// Checks what every entry point shares; on success *v and *g are set.
int prepare(const char *fn, int version, int dtype, const int64_t *geometry, const ts::ConvVersion **v,
            ts::ConvGeometry *g) {
  *v = find(version);
  if (!*v) return ts::fail(TS_ERR_UNSUPPORTED, "%s: unknown version %d (versions are 1..%d)", fn, version, version_count);
  if ((ts_cpu_features() & (*v)->features) != (*v)->features)
    return ts::fail(TS_ERR_UNSUPPORTED, "%s: version %d (%s) needs CPU features this CPU lacks", fn, version, (*v)->name);
  if (dtype != TS_F32 && dtype != TS_F64) {
    const char *name = ts::dtype_name(dtype);
    if (!name) return ts::fail(TS_ERR_INVALID, "%s: unknown dtype code %d", fn, dtype);
    return ts::fail(TS_ERR_UNSUPPORTED, "%s: needs f32 or f64, got %s", fn, name);
  }
  if (!geometry) return ts::fail(TS_ERR_INVALID, "%s: geometry is NULL", fn);
  for (int i = 0; i < TS_CONV2D_GEOMETRY_LEN; i++)
    if (geometry[i] < 0) return ts::fail(TS_ERR_INVALID, "%s: geometry[%d] is negative (%lld)", fn, i, (long long)geometry[i]);
  const int64_t *q = geometry;
  if (q[TS_CONV2D_KERNEL_H] < 1 || q[TS_CONV2D_KERNEL_W] < 1 || q[TS_CONV2D_STRIDE_H] < 1 || q[TS_CONV2D_STRIDE_W] < 1 ||
      q[TS_CONV2D_DILATION_H] < 1 || q[TS_CONV2D_DILATION_W] < 1 || q[TS_CONV2D_GROUPS] < 1)
    return ts::fail(TS_ERR_INVALID, "%s: kernel %lldx%lld, stride %lldx%lld, dilation %lldx%lld and groups %lld must all be >= 1",
                    fn, (long long)q[TS_CONV2D_KERNEL_H], (long long)q[TS_CONV2D_KERNEL_W], (long long)q[TS_CONV2D_STRIDE_H],
                    (long long)q[TS_CONV2D_STRIDE_W], (long long)q[TS_CONV2D_DILATION_H], (long long)q[TS_CONV2D_DILATION_W],
                    (long long)q[TS_CONV2D_GROUPS]);
  *g = ts::ConvGeometry::unpack(geometry);
  if (g->c_in % g->groups != 0 || g->c_out % g->groups != 0)
    return ts::fail(TS_ERR_INVALID, "%s: groups %lld must divide both channel counts (%lld in, %lld out)", fn,
                    (long long)g->groups, (long long)g->c_in, (long long)g->c_out);
  int64_t span_h = g->dilation_h * (g->k_h - 1) + 1, span_w = g->dilation_w * (g->k_w - 1) + 1;
  int64_t padded_h = g->h + g->pad_top + g->pad_bottom, padded_w = g->w + g->pad_left + g->pad_right;
  if (span_h > padded_h || span_w > padded_w)
    return ts::fail(TS_ERR_INVALID, "%s: kernel spans %lldx%lld but the padded input is only %lldx%lld", fn, (long long)span_h,
                    (long long)span_w, (long long)padded_h, (long long)padded_w);
  return TS_OK;
}

bool empty(const ts::ConvGeometry &g) { return g.n == 0 || g.c_in == 0 || g.c_out == 0; }

// Sets `count` elements of a float array to 0.
void zero(int dtype, void *p, int64_t count) {
  if (count > 0) std::fill_n(static_cast<char *>(p), count * (dtype == TS_F64 ? 8 : 4), 0);
}

// The gemm version matmul uses by default on this CPU (native/gemm/gemm.cc decides).
int best_gemm_version() { return ts_gemm_default_version(); }

}  // namespace

namespace ts {

void parallel_chunks(int64_t count, const std::function<void(int, int64_t, int64_t)> &fn) {
  int tasks = (int)std::min<int64_t>(num_threads(), count);
  if (tasks <= 1) {
    if (count > 0) fn(0, 0, count);
    return;
  }
  parallel_for(tasks, [&](int t) { fn(t, count * t / tasks, count * (t + 1) / tasks); });
}

int conv_gemm(int dtype, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
              int64_t lda, const void *b, int64_t ldb, double beta, void *c, int64_t ldc) {
  return ts_gemm(best_gemm_version(), dtype, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace ts

TS_EXPORT int ts_conv2d_version_count(void) { return version_count; }

TS_EXPORT const char *ts_conv2d_version_name(int version) {
  const ts::ConvVersion *v = find(version);
  return v ? v->name : nullptr;
}

TS_EXPORT int64_t ts_conv2d_version_features(int version) {
  const ts::ConvVersion *v = find(version);
  return v ? v->features : -1;
}

TS_EXPORT int ts_conv2d_forward(int version, int dtype, const int64_t *geometry, const void *input, const void *weight,
                                const void *bias, void *output) {
  const ts::ConvVersion *v;
  ts::ConvGeometry g;
  if (int status = prepare("conv2d", version, dtype, geometry, &v, &g)) return status;
  if (g.n == 0 || g.c_out == 0) return TS_OK;
  if (g.c_in == 0) {  // nothing to sum: the output is the bias
    int64_t plane = g.out_plane();
    zero(dtype, output, g.n * g.c_out * plane);
    if (!bias) return TS_OK;
    return ts::dispatch_float("conv2d", dtype, 0, [&](auto zero_value) {
      using T = decltype(zero_value);
      const T *b = static_cast<const T *>(bias);
      T *out = static_cast<T *>(output);
      for (int64_t i = 0; i < g.n * g.c_out; i++) std::fill_n(out + i * plane, plane, b[i % g.c_out]);
      return TS_OK;
    });
  }
  return v->forward(dtype, g, input, weight, bias, output);
}

TS_EXPORT int ts_conv2d_backward_input(int version, int dtype, const int64_t *geometry, const void *grad_output,
                                       const void *weight, void *grad_input) {
  const ts::ConvVersion *v;
  ts::ConvGeometry g;
  if (int status = prepare("conv2d_backward_input", version, dtype, geometry, &v, &g)) return status;
  if (empty(g)) {
    zero(dtype, grad_input, g.n * g.c_in * g.in_plane());
    return TS_OK;
  }
  return v->backward_input(dtype, g, grad_output, weight, grad_input);
}

TS_EXPORT int ts_conv2d_backward_weight(int version, int dtype, const int64_t *geometry, const void *input,
                                        const void *grad_output, void *grad_weight) {
  const ts::ConvVersion *v;
  ts::ConvGeometry g;
  if (int status = prepare("conv2d_backward_weight", version, dtype, geometry, &v, &g)) return status;
  if (empty(g)) {
    zero(dtype, grad_weight, g.c_out * g.patch());
    return TS_OK;
  }
  return v->backward_weight(dtype, g, input, grad_output, grad_weight);
}

TS_EXPORT int ts_conv2d_backward_bias(int dtype, int64_t n, int64_t channels, int64_t spatial, const void *grad_output,
                                      void *grad_bias) {
  if (n < 0 || channels < 0 || spatial < 0)
    return ts::fail(TS_ERR_INVALID, "conv2d_backward_bias: negative size n=%lld channels=%lld spatial=%lld", (long long)n,
                    (long long)channels, (long long)spatial);
  return ts::dispatch_float("conv2d_backward_bias", dtype, channels, [&](auto zero_value) {
    using T = decltype(zero_value);
    const T *go = static_cast<const T *>(grad_output);
    T *gb = static_cast<T *>(grad_bias);
    // Channels split over the threads; each channel's planes are summed in image order with
    // eight running sums (so the loop vectorises), the result never depends on the thread count.
    ts::parallel_chunks(channels, [&](int, int64_t c0, int64_t c1) {
      for (int64_t c = c0; c < c1; c++) {
        double lanes[8] = {0};
        for (int64_t b = 0; b < n; b++) {
          const T *plane = go + (b * channels + c) * spatial;
          int64_t s = 0;
          for (; s + 8 <= spatial; s += 8)
            for (int l = 0; l < 8; l++) lanes[l] += plane[s + l];
          for (; s < spatial; s++) lanes[0] += plane[s];
        }
        double sum = 0;
        for (double v : lanes) sum += v;
        gb[c] = (T)sum;
      }
    });
    return TS_OK;
  });
}
