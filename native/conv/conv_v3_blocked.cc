// native/conv/conv_v3_blocked.cc
// v3 = register-blocked AVX-512 kernels (an implicit gemm: no im2col buffer, no gemm call) for
// the forward pass and both gradients.
// Why: on small planes v2 is overhead-bound. For (N64, 32->64, 13x13, k3) each image is a
// 64 x 121 x 288 gemm: v2 spent a third of its time unrolling 11-element rows into columns, and
// the gemm, repacking both operands on every call, ran far below the machine's FMA peak.
// How (in the style of oneDNN's direct convolution): each image is copied once into zero-padded
// planes, so no window needs a bounds test, and the taps k = (c, i, j) become offsets into them.
// Forward: the weights are packed once per call into blocks of 2 vectors of output channels, tap
// by tap ([k][2L]); the micro-kernel keeps R <= 12 output positions of one row x 2L channels in 24
// zmm accumulators and, per tap, loads the two weight vectors and broadcasts R input values (24
// FMAs for 14 loads); the tile is transposed into the NCHW output with the bias. Input gradient
// at stride 1: the same kernel on the output gradient, padded by span - 1 - padding, with the
// weights flipped and transposed per group. Weight gradient: the output gradient is transposed
// per image to [position][4 vectors of channels]; the micro-kernel keeps 6 taps x 4L channels in
// 24 accumulators and, per output position, loads 4 gradient vectors and broadcasts the 6 inputs
// those taps read, over chunks of positions whose gradient block stays in L1.
// Images go to the threads, each with its own padded copy (and weight-gradient sums, added at the
// end); with fewer images than threads the rows (or the tap tiles) of each image are split.
// v2 keeps what this doesn't cover: depthwise-like groups (one input channel, few outputs: its
// direct path) and the input gradient at a stride above 1 or with one input channel per group.
// Measured as v2's note: forward 0.55 ms (torch 3.6), 0.69 (0.91), 18 (41); forward + backward
// 1.6 (4.8), 2.5 (2.7), 62 (74): on par with oneDNN on the 13x13 layer, ahead on the others.
#include <algorithm>
#include <memory>
#include <vector>

#include "conv_planes.h"
#include "tessera/cpu.h"

namespace {

using ts::ConvGeometry;
using namespace ts::planes;

// ------------------------------------------------------------------ forward (and input gradient)

template <typename T>
struct Forward {
  using Z = Zmm<T>;
  using V = typename Z::V;
  static constexpr int L = Z::L;            // lanes of a zmm register
  static constexpr int OB = 2 * L;          // output channels per block
  static constexpr int R = 12;              // output positions per tile: 24 accumulators + 2 weights + 1 broadcast

  const Plan &p;
  const T *bias;              // [c_out] or null
  const T *packed;            // [groups][blocks][patch][OB]
  std::vector<int64_t> koff;

  Forward(const Plan &plan, const T *b, const T *w) : p(plan), bias(b), packed(w), koff(plan.tap_offsets()) {}

  static int64_t blocks(int64_t outs) { return (outs + OB - 1) / OB; }

  // tile [Rn][OB] = sum over the patch of x[koff[k] + r * stride] * w[k], for Rn positions.
  template <int Rn, int SW>
  TS_AVX512 static void micro(const T *x, int64_t stride, const int64_t *koff, int64_t patch, const T *w, T *tile) {
    const int64_t step = SW ? SW : stride;
    V acc0[Rn], acc1[Rn];
    for (int r = 0; r < Rn; r++) acc0[r] = acc1[r] = V{};
    for (int64_t k = 0; k < patch; k++, w += OB) {
      const V w0 = Z::load(w), w1 = Z::load(w + L);
      const T *xk = x + koff[k];
      for (int r = 0; r < Rn; r++) {
        const T a = xk[r * step];
        acc0[r] += a * w0;
        acc1[r] += a * w1;
      }
    }
    for (int r = 0; r < Rn; r++) {
      Z::store(tile + r * OB, acc0[r]);
      Z::store(tile + r * OB + L, acc1[r]);
    }
  }

  using Micro = void (*)(const T *, int64_t, const int64_t *, int64_t, const T *, T *);

  // micro<n, SW> for a run-time n in [1, R], with the stride known at compile time when it is 1 or 2.
  template <int SW, int N = R>
  static Micro pick(int n) {
    if constexpr (N == 1) {
      return &micro<1, SW>;
    } else {
      return n == N ? &micro<N, SW> : pick<SW, N - 1>(n);
    }
  }
  Micro micro_for(int n) const { return p.stride_w == 1 ? pick<1>(n) : p.stride_w == 2 ? pick<2>(n) : pick<0>(n); }

  // Output rows [row0, row1) of image b; row index = (group, block, y).
  TS_AVX512 void rows(const T *padded, int64_t b, int64_t row0, int64_t row1, T *output) const {
    const int64_t opg = p.out_per_group(), nb = blocks(opg);
    alignas(64) T tile[R * OB];
    // ceil(out_w / R) tiles of nearly equal width: 13 columns run as 7 + 6, not 12 + 1.
    const int64_t tiles = (p.out_w + R - 1) / R;
    for (int64_t row = row0; row < row1; row++) {
      const int64_t y = row % p.out_h, blk = row / p.out_h % nb, g = row / p.out_h / nb;
      const T *w = packed + (g * nb + blk) * p.patch() * OB;
      const int64_t o0 = g * opg + blk * OB, count = std::min<int64_t>(OB, opg - blk * OB);
      int64_t k0, k1;
      p.live_taps(y, &k0, &k1);
      for (int64_t t = 0, x0 = 0; t < tiles; t++) {
        const int n = (int)(p.out_w / tiles + (t < p.out_w % tiles ? 1 : 0));
        micro_for(n)(padded + p.row_offset(g, y) + x0 * p.stride_w, p.stride_w, koff.data() + k0, k1 - k0, w + k0 * OB,
                     tile);
        for (int64_t o = 0; o < count; o++) {
          T *dst = output + ((b * p.c_out + o0 + o) * p.out_h + y) * p.out_w + x0;
          const T add = bias ? bias[o0 + o] : T(0);
          for (int i = 0; i < n; i++) dst[i] = tile[i * OB + o] + add;
        }
        x0 += n;
      }
    }
  }

  int run(const char *fn, const T *input, T *output) const {
    return over_images(fn, p, input, p.groups * blocks(p.out_per_group()) * p.out_h,
                       [&](const T *padded, int64_t b, int64_t r0, int64_t r1) { rows(padded, b, r0, r1, output); });
  }

  // The kernel (kernel_weight) packed as [groups][blocks][tap (i, c, j)][OB], zeros past the
  // group's channels, for `plan`.
  static std::unique_ptr<T[]> pack(const ConvGeometry &g, const Plan &plan, const T *weight, bool transposed) {
    const int64_t outs = plan.out_per_group(), ins = plan.in_per_group(), patch = plan.patch(), nb = blocks(outs);
    std::unique_ptr<T[]> packed = allocate<T>(g.groups * nb * patch * OB);
    if (!packed) return packed;
    for (int64_t gi = 0; gi < g.groups; gi++)
      for (int64_t o = 0; o < outs; o++)
        for (int64_t c = 0; c < ins; c++)
          for (int64_t i = 0; i < g.k_h; i++)
            for (int64_t j = 0; j < g.k_w; j++)
              packed[((gi * nb + o / OB) * patch + plan.tap(i, c, j)) * OB + o % OB] =
                  kernel_weight(g, weight, transposed, gi, o, c, i, j);
    return packed;
  }
};

// ------------------------------------------------------------------ weight gradient

template <typename T>
struct WeightGrad {
  using Z = Zmm<T>;
  using V = typename Z::V;
  static constexpr int L = Z::L;
  static constexpr int NV = 4;              // vectors of output channels per block
  static constexpr int OB = NV * L;         // 64 f32 / 32 f64 channels
  static constexpr int RT = 6;              // taps per tile: 24 accumulators + 4 gradient vectors + 1 broadcast
  static constexpr int64_t kChunk = 32768 / (OB * (int64_t)sizeof(T));  // positions whose gradient block fits L1

  const Plan &p;
  std::vector<int64_t> koff;
  std::vector<int64_t> poff;  // offset of output position q's window in the padded planes

  explicit WeightGrad(const Plan &plan) : p(plan), koff(plan.tap_offsets()), poff(plan.positions()) {
    for (int64_t q = 0; q < plan.positions(); q++)
      poff[q] = q / plan.out_w * plan.stride_h * plan.padded_w() + q % plan.out_w * plan.stride_w;
  }

  int64_t blocks() const { return (p.out_per_group() + OB - 1) / OB; }
  int64_t tap_tiles() const { return (p.patch() + RT - 1) / RT; }
  // Per task: padded planes (none when the input is read in place), the transposed output
  // gradient [groups][blocks][positions][OB], and the sums [groups][blocks][patch][OB].
  int64_t transposed_elements() const { return p.groups * blocks() * p.positions() * OB; }
  int64_t sum_elements() const { return p.groups * blocks() * p.patch() * OB; }

  // sums [Rn][OB] += over positions [q0, q1): g[q][OB] * x[koff[r] + poff[q]].
  template <int Rn>
  TS_AVX512 void micro(const T *x, const int64_t *taps, int64_t q0, int64_t q1, const T *g, T *sums) const {
    // Four named accumulator arrays: with V acc[Rn][4] GCC kept a copy in memory and stored it on
    // every step.
    V acc0[Rn], acc1[Rn], acc2[Rn], acc3[Rn];
    int64_t off[Rn];
    for (int r = 0; r < Rn; r++) {
      acc0[r] = acc1[r] = acc2[r] = acc3[r] = V{};
      off[r] = taps[r];
    }
    const int64_t *at = poff.data() + q0;
    for (int64_t q = q0; q < q1; q++, g += OB) {
      const V g0 = Z::load(g), g1 = Z::load(g + L), g2 = Z::load(g + 2 * L), g3 = Z::load(g + 3 * L);
      const T *base = x + *at++;
      for (int r = 0; r < Rn; r++) {
        const T a = base[off[r]];
        acc0[r] += a * g0;
        acc1[r] += a * g1;
        acc2[r] += a * g2;
        acc3[r] += a * g3;
      }
    }
    for (int r = 0; r < Rn; r++) {
      T *at_r = sums + r * OB;
      Z::store(at_r, Z::load(at_r) + acc0[r]);
      Z::store(at_r + L, Z::load(at_r + L) + acc1[r]);
      Z::store(at_r + 2 * L, Z::load(at_r + 2 * L) + acc2[r]);
      Z::store(at_r + 3 * L, Z::load(at_r + 3 * L) + acc3[r]);
    }
  }

  template <int N = RT>
  TS_AVX512 void micro_for(int n, const T *x, const int64_t *taps, int64_t q0, int64_t q1, const T *g, T *sums) const {
    if constexpr (N == 1) {
      micro<1>(x, taps, q0, q1, g, sums);
    } else {
      if (n == N) micro<N>(x, taps, q0, q1, g, sums);
      else micro_for<N - 1>(n, x, taps, q0, q1, g, sums);
    }
  }

  // grad_out of image b as [groups][blocks][positions][OB] (zeros past the group's channels). 16
  // positions at a time, so the 16 rows of gt being written stay in L1 while every channel passes.
  TS_AVX512 void transpose(const T *grad_output, int64_t b, T *gt) const {
    const int64_t opg = p.out_per_group(), nb = blocks(), np = p.positions();
    for (int64_t gi = 0; gi < p.groups; gi++) {
      T *group = gt + gi * nb * np * OB;
      const int64_t unused = nb * OB - opg;  // channels of the last block past the group's end
      if (unused > 0)
        for (int64_t q = 0; q < np; q++) std::fill_n(group + ((nb - 1) * np + q) * OB + OB - unused, unused, T(0));
      for (int64_t q0 = 0; q0 < np; q0 += 16) {
        const int64_t q1 = std::min(np, q0 + 16);
        for (int64_t o = 0; o < opg; o++) {
          const T *src = grad_output + (b * p.c_out + gi * opg + o) * np;
          T *dst = group + (o / OB * np) * OB + o % OB;
          for (int64_t q = q0; q < q1; q++) dst[q * OB] = src[q];
        }
      }
    }
  }

  // Adds image b's share of tap tiles [item0, item1) (item = (group, block, tap tile)) into sums.
  TS_AVX512 void items(const T *padded, const T *gt, int64_t item0, int64_t item1, T *sums) const {
    const int64_t nb = blocks(), tt = tap_tiles(), np = p.positions(), patch = p.patch();
    for (int64_t q0 = 0; q0 < np; q0 += kChunk) {
      const int64_t q1 = std::min(np, q0 + kChunk);
      for (int64_t item = item0; item < item1; item++) {
        const int64_t k0 = item % tt * RT, blk = item / tt % nb, gi = item / tt / nb;
        const int n = (int)std::min<int64_t>(RT, patch - k0);
        micro_for(n, padded + p.row_offset(gi, 0), koff.data() + k0, q0, q1, gt + ((gi * nb + blk) * np + q0) * OB,
                  sums + ((gi * nb + blk) * patch + k0) * OB);
      }
    }
  }

  // grad_weight [c_out][ipg][k_h][k_w] from the sums of every task.
  void unpack(const T *sums, int tasks, int64_t per_task, T *grad_weight) const {
    const int64_t opg = p.out_per_group(), nb = blocks(), patch = p.patch();
    T *gw = grad_weight;  // written in order
    for (int64_t gi = 0; gi < p.groups; gi++)
      for (int64_t o = 0; o < opg; o++)
        for (int64_t c = 0; c < p.in_per_group(); c++)
          for (int64_t i = 0; i < p.k_h; i++)
            for (int64_t j = 0; j < p.k_w; j++) {
              const int64_t at = ((gi * nb + o / OB) * patch + p.tap(i, c, j)) * OB + o % OB;
              T s = 0;
              for (int t = 0; t < tasks; t++) s += sums[t * per_task + at];
              *gw++ = s;
            }
  }

  int run(const T *input, const T *grad_output, T *grad_weight) const {
    const int threads = ts::num_threads();
    const int tasks = p.n >= threads ? threads : 1;
    const int64_t planes = p.in_place() ? 0 : p.padded_elements(), gt_size = transposed_elements(), sums_size = sum_elements();
    const int64_t per_task = planes + gt_size + sums_size, item_count = p.groups * blocks() * tap_tiles();
    std::unique_ptr<T[]> scratch = allocate<T>(tasks * per_task);
    if (!scratch) return ts::fail(TS_ERR_ALLOC, "conv2d_backward_weight: out of memory for padded input planes");
    auto planes_of = [&](int t) { return scratch.get() + t * per_task; };
    auto gt = [&](int t) { return planes_of(t) + planes; };
    auto sums = [&](int t) { return gt(t) + gt_size; };
    if (tasks > 1) {
      ts::parallel_chunks(p.n, [&](int t, int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; b++) {
          const T *padded = padded_image(p, input, b, planes_of(t));
          transpose(grad_output, b, gt(t));
          items(padded, gt(t), 0, item_count, sums(t));
        }
      });
    } else {
      for (int64_t b = 0; b < p.n; b++) {
        const T *padded = padded_image(p, input, b, planes_of(0));
        transpose(grad_output, b, gt(0));
        ts::parallel_chunks(item_count, [&](int, int64_t i0, int64_t i1) { items(padded, gt(0), i0, i1, sums(0)); });
      }
    }
    // The sums live in the task blocks after the planes: unpack reads them with the task stride.
    unpack(sums(0), tasks, per_task, grad_weight);
    return TS_OK;
  }
};

// ------------------------------------------------------------------ entry points of the version table

// A block of output channels holds 2L (forward) or 4L (weight gradient) of them: with one input
// channel per group and few outputs per group (depthwise) the blocks would be nearly empty, and
// v2's direct path does better.
bool depthwise(const ConvGeometry &g) { return g.in_per_group() == 1 && g.out_per_group() < 8; }

template <typename T>
int forward(const ConvGeometry &g, const T *input, const T *weight, const T *bias, T *output) {
  Plan plan = Plan::of(g);
  std::unique_ptr<T[]> packed = Forward<T>::pack(g, plan, weight, false);
  if (!packed) return ts::fail(TS_ERR_ALLOC, "conv2d: out of memory for packed weights");
  return Forward<T>(plan, bias, packed.get()).run("conv2d", input, output);
}

// At stride 1, grad_input[c][y][x] = sum over o, i, j of weight[o][c][i][j] grad_out[o][y + pad_top - i d][..]:
// a stride-1 convolution of grad_out padded by span - 1 - padding with the flipped, transposed kernel.
template <typename T>
int backward_input(const ConvGeometry &g, const T *grad_output, const T *weight, T *grad_input) {
  Plan plan = transposed_plan(g);
  std::unique_ptr<T[]> packed = Forward<T>::pack(g, plan, weight, true);
  if (!packed) return ts::fail(TS_ERR_ALLOC, "conv2d_backward_input: out of memory for packed weights");
  return Forward<T>(plan, nullptr, packed.get()).run("conv2d_backward_input", grad_output, grad_input);
}

int run_forward(int dtype, const ConvGeometry &g, const void *input, const void *weight, const void *bias, void *output) {
  if (depthwise(g)) return ts::conv_v2_im2col.forward(dtype, g, input, weight, bias, output);
  return ts::dispatch_float("conv2d", dtype, 0, [&](auto zero) {
    using T = decltype(zero);
    return forward(g, static_cast<const T *>(input), static_cast<const T *>(weight), static_cast<const T *>(bias),
                   static_cast<T *>(output));
  });
}

int run_backward_input(int dtype, const ConvGeometry &g, const void *grad_output, const void *weight, void *grad_input) {
  // The input gradient's outputs are the input channels: one per group fills no block.
  if (g.in_per_group() == 1 || g.stride_h != 1 || g.stride_w != 1)
    return ts::conv_v2_im2col.backward_input(dtype, g, grad_output, weight, grad_input);
  return ts::dispatch_float("conv2d_backward_input", dtype, 0, [&](auto zero) {
    using T = decltype(zero);
    return backward_input(g, static_cast<const T *>(grad_output), static_cast<const T *>(weight),
                          static_cast<T *>(grad_input));
  });
}

int run_backward_weight(int dtype, const ConvGeometry &g, const void *input, const void *grad_output, void *grad_weight) {
  if (depthwise(g)) return ts::conv_v2_im2col.backward_weight(dtype, g, input, grad_output, grad_weight);
  return ts::dispatch_float("conv2d_backward_weight", dtype, 0, [&](auto zero) {
    using T = decltype(zero);
    Plan plan = Plan::of(g);
    return WeightGrad<T>(plan).run(static_cast<const T *>(input), static_cast<const T *>(grad_output),
                                   static_cast<T *>(grad_weight));
  });
}

}  // namespace

namespace ts {
extern const ConvVersion conv_v3_blocked = {"blocked", TS_CPU_AVX512F | TS_CPU_AVX512VL | TS_CPU_FMA, run_forward,
                                            run_backward_input, run_backward_weight};
}
