// native/conv/conv_v4_rowwise.cc
// v4 = v3 + row-vectorised tiles where v3's channel-vectorised tiles fit badly: few output
// channels per group (the input gradient of a layer with one input channel, depthwise
// convolution) and small patches in the forward pass.
// Why: v3 vectorises over output channels. The input gradient of (N64, 1->32, 28x28, k3) has one
// output channel, which would fill 1 lane of v3's 32, so v3 left it (and depthwise layers) to
// v2's direct path; and with a 9-tap patch v3 spends more time transposing its tiles into the
// NCHW output (scalar moves) than in its FMAs.
// How: vectors run along output rows (stride 1), so input loads and output stores go straight to
// NCHW rows, the last vector of a row masked. A tile is RO output channels x RY output rows x up
// to 2 vectors of columns, RO * RY <= 12 (24 zmm accumulators): many channels give RO = 12,
// RY = 1; one channel RO = 1, RY = 12. Per tap it loads RY x 2 input vectors and broadcasts RO
// weights (packed [tap][channel]). Images (or rows) go to the threads as in v3, over the same
// zero-padded planes; taps that only read padding rows for every row of a tile are skipped.
// Measured (one thread, task-clock): the input gradient of the 1->32 layer 1.5 ms vs 3.0 (v2's
// direct path); a depthwise 3x3 over [8, 64, 56, 56] 1.9 ms forward vs 3.4 and 1.8 ms input
// gradient vs 3.3. The 1->32 forward gains nothing: both versions are bound by writing its 5.5 MB
// output (0.3 ms on 2 threads; PyTorch/oneDNN 0.21).
#include <immintrin.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "conv_planes.h"
#include "tessera/cpu.h"

namespace {

using ts::ConvGeometry;
using namespace ts::planes;

TS_AVX512 inline Zmm<float>::V masked_load(const float *p, unsigned mask) {
  return (Zmm<float>::V)_mm512_maskz_loadu_ps((__mmask16)mask, p);
}
TS_AVX512 inline Zmm<double>::V masked_load(const double *p, unsigned mask) {
  return (Zmm<double>::V)_mm512_maskz_loadu_pd((__mmask8)mask, p);
}
TS_AVX512 inline void masked_store(float *p, unsigned mask, Zmm<float>::V v) {
  _mm512_mask_storeu_ps(p, (__mmask16)mask, (__m512)v);
}
TS_AVX512 inline void masked_store(double *p, unsigned mask, Zmm<double>::V v) {
  _mm512_mask_storeu_pd(p, (__mmask8)mask, (__m512d)v);
}

constexpr int kTile = 12;  // RO * RY

template <typename T>
struct Rowwise {
  using Z = Zmm<T>;
  using V = typename Z::V;
  static constexpr int L = Z::L;

  const Plan &p;
  const T *bias;     // [c_out] or null
  const T *packed;   // [groups][patch][out_per_group]
  std::vector<int64_t> koff;
  int ro, ry, nvx;   // tile shape

  Rowwise(const Plan &plan, const T *b, const T *w)
      : p(plan), bias(b), packed(w), koff(plan.tap_offsets()),
        ro((int)std::min<int64_t>(kTile, plan.out_per_group())),
        ry((int)std::min<int64_t>(plan.out_h, kTile / ro)),
        nvx(plan.out_w > L ? 2 : 1) {}

  // Whether this plan is better run row-wise than by v3's channel blocks.
  static bool fits(const Plan &plan) {
    return plan.stride_w == 1 && plan.out_w * 2 >= L && (plan.patch() <= 64 || plan.out_per_group() < L);
  }

  // The columns [x0, x0 + NVX L) of rows [y0, y0 + RY) of channels [o0, o0 + RO): out[o][y][x] =
  // bias + sum over taps of w[tap][o] * x[koff[tap] + y row_step + x]; masks[v] marks the columns
  // of vector v that exist.
  template <int RO, int RY, int NVX>
  TS_AVX512 static void micro(const T *x, int64_t row_step, const int64_t *koff, int64_t patch, const T *w,
                              int64_t w_stride, const unsigned *masks, const T *bias, T *out, int64_t out_plane,
                              int64_t out_w) {
    // One accumulator array per column vector, at most 12 each: GCC keeps a single array of 24
    // vectors in memory too and stores it on every step.
    V acc0[RO * RY], acc1[RO * RY];
    for (int a = 0; a < RO * RY; a++) acc0[a] = acc1[a] = V{};
    for (int64_t k = 0; k < patch; k++, w += w_stride) {
      const T *xk = x + koff[k];
      V in0[RY], in1[RY];
      for (int r = 0; r < RY; r++) {
        in0[r] = masked_load(xk + r * row_step, masks[0]);
        if (NVX == 2) in1[r] = masked_load(xk + r * row_step + L, masks[1]);
      }
      for (int o = 0; o < RO; o++) {
        const T wv = w[o];
        for (int r = 0; r < RY; r++) {
          acc0[o * RY + r] += wv * in0[r];
          if (NVX == 2) acc1[o * RY + r] += wv * in1[r];
        }
      }
    }
    for (int o = 0; o < RO; o++) {
      const T add = bias ? bias[o] : T(0);
      for (int r = 0; r < RY; r++) {
        masked_store(out + o * out_plane + r * out_w, masks[0], acc0[o * RY + r] + add);
        if (NVX == 2) masked_store(out + o * out_plane + r * out_w + L, masks[1], acc1[o * RY + r] + add);
      }
    }
  }

  using Micro = void (*)(const T *, int64_t, const int64_t *, int64_t, const T *, int64_t, const unsigned *, const T *, T *,
                         int64_t, int64_t);

  template <int RO, int RY = kTile / RO>
  static Micro pick_rows(int rows, int nvx) {
    if constexpr (RY == 1) {
      return nvx == 1 ? &micro<RO, 1, 1> : &micro<RO, 1, 2>;
    } else {
      return rows == RY ? (nvx == 1 ? &micro<RO, RY, 1> : &micro<RO, RY, 2>) : pick_rows<RO, RY - 1>(rows, nvx);
    }
  }

  // micro<channels, rows, nvx> for run-time values with channels * rows <= kTile.
  template <int RO = kTile>
  static Micro pick(int channels, int rows, int nvx) {
    if constexpr (RO == 1) {
      return pick_rows<1>(rows, nvx);
    } else {
      return channels == RO ? pick_rows<RO>(rows, nvx) : pick<RO - 1>(channels, rows, nvx);
    }
  }

  int64_t channel_tiles() const { return (p.out_per_group() + ro - 1) / ro; }
  int64_t row_tiles() const { return (p.out_h + ry - 1) / ry; }

  // Tiles [item0, item1) of image b; item = (group, channel tile, row tile).
  TS_AVX512 void items(const T *padded, int64_t b, int64_t item0, int64_t item1, T *output) const {
    const int64_t opg = p.out_per_group(), ct = channel_tiles(), rt = row_tiles(), span = (int64_t)nvx * L;
    for (int64_t item = item0; item < item1; item++) {
      const int64_t g = item / rt / ct, o0 = item / rt % ct * ro, y0 = item % rt * ry;
      const int channels = (int)std::min<int64_t>(ro, opg - o0), rows = (int)std::min<int64_t>(ry, p.out_h - y0);
      // Taps some row of the tile reads from input rows (the first row reaches lowest, the last highest).
      int64_t k0, k1, unused;
      p.live_taps(y0 + rows - 1, &k0, &unused);
      p.live_taps(y0, &unused, &k1);
      k1 = std::max(k0, k1);
      const Micro m = pick(channels, rows, nvx);
      for (int64_t x0 = 0; x0 < p.out_w; x0 += span) {
        unsigned masks[2];
        for (int v = 0; v < 2; v++) {
          const int64_t lanes = std::clamp<int64_t>(p.out_w - x0 - v * L, 0, L);
          masks[v] = lanes == L ? (L == 16 ? 0xFFFFu : 0xFFu) : (1u << lanes) - 1;
        }
        m(padded + p.row_offset(g, y0) + x0, p.stride_h * p.padded_w(), koff.data() + k0, k1 - k0,
          packed + (g * p.patch() + k0) * opg + o0, opg, masks, bias ? bias + g * opg + o0 : nullptr,
          output + ((b * p.c_out + g * opg + o0) * p.out_h + y0) * p.out_w + x0, p.out_h * p.out_w, p.out_w);
      }
    }
  }

  int run(const char *fn, const T *input, T *output) const {
    return over_images(fn, p, input, p.groups * channel_tiles() * row_tiles(),
                       [&](const T *padded, int64_t b, int64_t i0, int64_t i1) { items(padded, b, i0, i1, output); });
  }

  // The kernel (kernel_weight) as [groups][tap (i, c, j)][out_per_group] for `plan`.
  static std::unique_ptr<T[]> pack(const ConvGeometry &g, const Plan &plan, const T *weight, bool transposed) {
    const int64_t outs = plan.out_per_group(), ins = plan.in_per_group(), patch = plan.patch();
    std::unique_ptr<T[]> packed = allocate<T>(g.groups * patch * outs);
    if (!packed) return packed;
    for (int64_t gi = 0; gi < g.groups; gi++)
      for (int64_t o = 0; o < outs; o++)
        for (int64_t c = 0; c < ins; c++)
          for (int64_t i = 0; i < g.k_h; i++)
            for (int64_t j = 0; j < g.k_w; j++)
              packed[(gi * patch + plan.tap(i, c, j)) * outs + o] = kernel_weight(g, weight, transposed, gi, o, c, i, j);
    return packed;
  }

  static int convolve(const char *fn, const ConvGeometry &g, const Plan &plan, const T *input, const T *weight,
                      bool transposed, const T *bias, T *output) {
    std::unique_ptr<T[]> packed = pack(g, plan, weight, transposed);
    if (!packed) return ts::fail(TS_ERR_ALLOC, "%s: out of memory for packed weights", fn);
    return Rowwise(plan, bias, packed.get()).run(fn, input, output);
  }
};

// ------------------------------------------------------------------ entry points of the version table

int run_forward(int dtype, const ConvGeometry &g, const void *input, const void *weight, const void *bias, void *output) {
  const Plan plan = Plan::of(g);
  return ts::dispatch_float("conv2d", dtype, 0, [&](auto zero) {
    using T = decltype(zero);
    if (!Rowwise<T>::fits(plan)) return ts::conv_v3_blocked.forward(dtype, g, input, weight, bias, output);
    return Rowwise<T>::convolve("conv2d", g, plan, static_cast<const T *>(input), static_cast<const T *>(weight), false,
                                static_cast<const T *>(bias), static_cast<T *>(output));
  });
}

int run_backward_input(int dtype, const ConvGeometry &g, const void *grad_output, const void *weight, void *grad_input) {
  const Plan plan = transposed_plan(g);
  return ts::dispatch_float("conv2d_backward_input", dtype, 0, [&](auto zero) {
    using T = decltype(zero);
    if (g.stride_h != 1 || g.stride_w != 1 || !Rowwise<T>::fits(plan))
      return ts::conv_v3_blocked.backward_input(dtype, g, grad_output, weight, grad_input);
    return Rowwise<T>::convolve("conv2d_backward_input", g, plan, static_cast<const T *>(grad_output),
                                static_cast<const T *>(weight), true, nullptr, static_cast<T *>(grad_input));
  });
}

int run_backward_weight(int dtype, const ConvGeometry &g, const void *input, const void *grad_output, void *grad_weight) {
  return ts::conv_v3_blocked.backward_weight(dtype, g, input, grad_output, grad_weight);
}

}  // namespace

namespace ts {
extern const ConvVersion conv_v4_rowwise = {"rowwise", TS_CPU_AVX512F | TS_CPU_AVX512VL | TS_CPU_FMA, run_forward,
                                            run_backward_input, run_backward_weight};
}
