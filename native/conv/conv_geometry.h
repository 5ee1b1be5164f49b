// conv_geometry.h: what every conv2d version of native/conv/ shares: the geometry unpacked from
// the ABI's int64_t array (checked once by conv.cc before any version runs), the entry points each
// version implements (a version may hand a case it doesn't cover to an earlier one), the split of
// work over the pool's threads, and the gemm v2 multiplies with.
#ifndef TESSERA_CONV_GEOMETRY_H
#define TESSERA_CONV_GEOMETRY_H

#include <algorithm>
#include <cstdint>
#include <functional>

#include "tessera/conv.h"

namespace ts {

struct ConvGeometry {
  int64_t n, c_in, h, w, c_out, k_h, k_w, stride_h, stride_w, pad_top, pad_bottom, pad_left, pad_right,
      dilation_h, dilation_w, groups;
  int64_t out_h, out_w;  // derived

  static ConvGeometry unpack(const int64_t *g) {
    ConvGeometry c{g[TS_CONV2D_BATCH], g[TS_CONV2D_IN_CHANNELS], g[TS_CONV2D_IN_H], g[TS_CONV2D_IN_W],
                   g[TS_CONV2D_OUT_CHANNELS], g[TS_CONV2D_KERNEL_H], g[TS_CONV2D_KERNEL_W], g[TS_CONV2D_STRIDE_H],
                   g[TS_CONV2D_STRIDE_W], g[TS_CONV2D_PAD_TOP], g[TS_CONV2D_PAD_BOTTOM], g[TS_CONV2D_PAD_LEFT],
                   g[TS_CONV2D_PAD_RIGHT], g[TS_CONV2D_DILATION_H], g[TS_CONV2D_DILATION_W], g[TS_CONV2D_GROUPS],
                   0, 0};
    c.out_h = (c.h + c.pad_top + c.pad_bottom - c.dilation_h * (c.k_h - 1) - 1) / c.stride_h + 1;
    c.out_w = (c.w + c.pad_left + c.pad_right - c.dilation_w * (c.k_w - 1) - 1) / c.stride_w + 1;
    return c;
  }

  int64_t in_per_group() const { return c_in / groups; }
  int64_t out_per_group() const { return c_out / groups; }
  int64_t taps() const { return k_h * k_w; }
  // Rows of the im2col matrix of one group: one per (input channel, tap).
  int64_t patch() const { return in_per_group() * taps(); }
  int64_t in_plane() const { return h * w; }
  int64_t out_plane() const { return out_h * out_w; }

  // The output columns x whose input column x * stride_w - pad_left + j * dilation_w lies in
  // [0, w), as [*lo, *hi); the same for rows with row_range. Empty ranges come back as lo == hi.
  void col_range(int64_t j, int64_t *lo, int64_t *hi) const {
    valid_range(j * dilation_w - pad_left, stride_w, w, out_w, lo, hi);
  }
  void row_range(int64_t i, int64_t *lo, int64_t *hi) const {
    valid_range(i * dilation_h - pad_top, stride_h, h, out_h, lo, hi);
  }

 private:
  // Outputs o in [0, count) with 0 <= o * stride + offset < size.
  static void valid_range(int64_t offset, int64_t stride, int64_t size, int64_t count, int64_t *lo, int64_t *hi) {
    int64_t first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    int64_t last = size - offset <= 0 ? 0 : (size - offset - 1) / stride + 1;  // one past the last
    *lo = std::min(first, count);
    *hi = std::max(*lo, std::min(last, count));
  }
};

// What every version implements; conv.cc has already checked the arguments and the geometry, and
// hands over T = float or double through the dtype code.
struct ConvVersion {
  const char *name;
  int64_t features;  // TS_CPU_* bits the version needs
  int (*forward)(int dtype, const ConvGeometry &g, const void *input, const void *weight, const void *bias,
                 void *output);
  int (*backward_input)(int dtype, const ConvGeometry &g, const void *grad_output, const void *weight,
                        void *grad_input);
  int (*backward_weight)(int dtype, const ConvGeometry &g, const void *input, const void *grad_output,
                         void *grad_weight);
};

extern const ConvVersion conv_v1_direct;
extern const ConvVersion conv_v2_im2col;
extern const ConvVersion conv_v3_blocked;
extern const ConvVersion conv_v4_rowwise;

// Splits [0, count) into one contiguous range per pool thread (fewer when count is smaller) and
// runs fn(task, begin, end) on each; the task index picks per-thread scratch. Unlike
// ts::parallel_range it splits small counts too: 64 images are 32 per thread, not one task.
void parallel_chunks(int64_t count, const std::function<void(int, int64_t, int64_t)> &fn);

// C = alpha op(A) op(B) + beta C on the best native gemm this CPU runs (the newest supported
// version of native/gemm/), so a new gemm version speeds convolution up without touching it.
// Splits over the pool's threads unless called from inside a pool task.
int conv_gemm(int dtype, bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, double alpha, const void *a,
              int64_t lda, const void *b, int64_t ldb, double beta, void *c, int64_t ldc);

}  // namespace ts

#endif
