// native/conv/conv_v1_direct.cc
// v1 = the definition of conv.h written as loops, one output element at a time, summed in double:
// the reference the faster versions are tested against, not a fast path. Each gradient is a
// gather (every element of grad_input / grad_weight sums what it contributed to), so the work
// splits over output planes with no two threads writing the same element. Windows that hang
// over the edge are clipped by ConvGeometry::row_range / col_range instead of a test per tap.
#include "conv_geometry.h"
#include "internal.h"

namespace {

using ts::ConvGeometry;

template <typename T>
int forward(const ConvGeometry &g, const T *input, const T *weight, const T *bias, T *output) {
  const int64_t planes = g.n * g.c_out, ipg = g.in_per_group(), opg = g.out_per_group();
  ts::parallel_chunks(planes, [&](int, int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; p++) {
      const int64_t b = p / g.c_out, o = p % g.c_out, c0 = o / opg * ipg;
      T *out = output + p * g.out_plane();
      for (int64_t y = 0; y < g.out_h; y++)
        for (int64_t x = 0; x < g.out_w; x++) {
          double sum = bias ? bias[o] : 0;
          for (int64_t c = 0; c < ipg; c++) {
            const T *in = input + (b * g.c_in + c0 + c) * g.in_plane();
            const T *w = weight + (o * ipg + c) * g.taps();
            for (int64_t i = 0; i < g.k_h; i++) {
              int64_t iy = y * g.stride_h - g.pad_top + i * g.dilation_h;
              if (iy < 0 || iy >= g.h) continue;
              for (int64_t j = 0; j < g.k_w; j++) {
                int64_t ix = x * g.stride_w - g.pad_left + j * g.dilation_w;
                if (ix >= 0 && ix < g.w) sum += (double)w[i * g.k_w + j] * in[iy * g.w + ix];
              }
            }
          }
          out[y * g.out_w + x] = (T)sum;
        }
    }
  });
  return TS_OK;
}

template <typename T>
int backward_input(const ConvGeometry &g, const T *grad_output, const T *weight, T *grad_input) {
  const int64_t planes = g.n * g.c_in, ipg = g.in_per_group(), opg = g.out_per_group();
  ts::parallel_chunks(planes, [&](int, int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; p++) {
      const int64_t b = p / g.c_in, c = p % g.c_in, o0 = c / ipg * opg;
      T *gin = grad_input + p * g.in_plane();
      for (int64_t iy = 0; iy < g.h; iy++)
        for (int64_t ix = 0; ix < g.w; ix++) {
          double sum = 0;
          // Output (y, x) read (iy, ix) through tap (i, j) when y stride + i dilation = iy + pad.
          for (int64_t i = 0; i < g.k_h; i++) {
            int64_t ty = iy + g.pad_top - i * g.dilation_h;
            if (ty < 0 || ty % g.stride_h != 0 || ty / g.stride_h >= g.out_h) continue;
            for (int64_t j = 0; j < g.k_w; j++) {
              int64_t tx = ix + g.pad_left - j * g.dilation_w;
              if (tx < 0 || tx % g.stride_w != 0 || tx / g.stride_w >= g.out_w) continue;
              int64_t at = ty / g.stride_h * g.out_w + tx / g.stride_w;
              for (int64_t o = o0; o < o0 + opg; o++)
                sum += (double)weight[((o * ipg + c % ipg) * g.k_h + i) * g.k_w + j] *
                       grad_output[(b * g.c_out + o) * g.out_plane() + at];
            }
          }
          gin[iy * g.w + ix] = (T)sum;
        }
    }
  });
  return TS_OK;
}

template <typename T>
int backward_weight(const ConvGeometry &g, const T *input, const T *grad_output, T *grad_weight) {
  const int64_t ipg = g.in_per_group(), opg = g.out_per_group();
  ts::parallel_chunks(g.c_out, [&](int, int64_t o_begin, int64_t o_end) {
    for (int64_t o = o_begin; o < o_end; o++) {
      const int64_t c0 = o / opg * ipg;
      for (int64_t c = 0; c < ipg; c++)
        for (int64_t i = 0; i < g.k_h; i++)
          for (int64_t j = 0; j < g.k_w; j++) {
            int64_t y0, y1, x0, x1;
            g.row_range(i, &y0, &y1);
            g.col_range(j, &x0, &x1);
            double sum = 0;
            for (int64_t b = 0; b < g.n; b++) {
              const T *in = input + (b * g.c_in + c0 + c) * g.in_plane();
              const T *go = grad_output + (b * g.c_out + o) * g.out_plane();
              for (int64_t y = y0; y < y1; y++)
                for (int64_t x = x0; x < x1; x++) {
                  int64_t iy = y * g.stride_h - g.pad_top + i * g.dilation_h;
                  int64_t ix = x * g.stride_w - g.pad_left + j * g.dilation_w;
                  sum += (double)go[y * g.out_w + x] * in[iy * g.w + ix];
                }
            }
            grad_weight[((o * ipg + c) * g.k_h + i) * g.k_w + j] = (T)sum;
          }
    }
  });
  return TS_OK;
}

// The entry points of the version table: dtype code -> T.
int run_forward(int dtype, const ConvGeometry &g, const void *input, const void *weight, const void *bias, void *output) {
  return ts::dispatch_float("conv2d", dtype, 0, [&](auto zero) {
    using T = decltype(zero);
    return forward(g, static_cast<const T *>(input), static_cast<const T *>(weight), static_cast<const T *>(bias),
                   static_cast<T *>(output));
  });
}

int run_backward_input(int dtype, const ConvGeometry &g, const void *grad_output, const void *weight, void *grad_input) {
  return ts::dispatch_float("conv2d_backward_input", dtype, 0, [&](auto zero) {
    using T = decltype(zero);
    return backward_input(g, static_cast<const T *>(grad_output), static_cast<const T *>(weight),
                          static_cast<T *>(grad_input));
  });
}

int run_backward_weight(int dtype, const ConvGeometry &g, const void *input, const void *grad_output, void *grad_weight) {
  return ts::dispatch_float("conv2d_backward_weight", dtype, 0, [&](auto zero) {
    using T = decltype(zero);
    return backward_weight(g, static_cast<const T *>(input), static_cast<const T *>(grad_output),
                           static_cast<T *>(grad_weight));
  });
}

}  // namespace

namespace ts {
extern const ConvVersion conv_v1_direct = {"direct", 0, run_forward, run_backward_input, run_backward_weight};
}
