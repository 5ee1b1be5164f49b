// native/conv/conv_v2_im2col.cc
// v2 = im2col + the best native gemm, and a direct path where a gemm would be a poor fit.
// Why: v1 computes one output element at a time; a convolution is a matrix product once each
// output position's window is unrolled into a column (im2col): output[o, p] = sum over (c, tap)
// of weight[o, (c, tap)] * col[(c, tap), p]. So per image and group:
//   forward          out [o, p]      = W [o, patch] · col [patch, p]   (bias written first, beta = 1)
//   backward input   col [patch, p]  = Wᵀ · grad_out [o, p], then col2im adds each column back
//                                      into the input positions it was read from
//   backward weight  gW [o, patch]  += grad_out [o, p] · colᵀ
// Columns are unrolled a tile at a time (kColumnBytes of col, which stays in L2 while gemm packs
// it); a 1x1 kernel at stride 1 without padding needs no unrolling (the input planes are col).
// Images go to the threads in contiguous chunks, each thread with its own col buffer and its own
// gemm (a gemm inside a pool task runs on that thread); with fewer images than threads the images
// run one after the other and each gemm splits over the threads instead. The weight gradient is
// summed per thread and the partial sums added at the end.
// Direct path: with one input channel per group (a first layer on grey images, depthwise
// convolution) a patch has only k_h * k_w rows and the gemm would be a thin, memory-bound
// product. There each output plane is a sum of shifted input rows times one weight, planes split
// over the threads; the weight gradient sums products lane by lane over the output columns and
// reduces the lanes once per image, so no loop carries a scalar sum.
// Each thread's share runs in code compiled for AVX-512, AVX2+FMA or the baseline, picked from
// cpuid (the loops above vectorise to the widest registers the CPU has).
// Measured (2 threads, 2-core AVX-512 machine, median ms, PyTorch 1.13 / oneDNN in the same
// session): forward (N64, 1->32, 28x28, k3) 1.7 (torch 3.6), (N64, 32->64, 13x13, k3) 2.3 (0.9),
// (N32, 64->64, 56x56, k3, pad 1) 32 (41); forward + backward 4.3 (4.8), 6.6 (2.7), 125 (74).
// Small planes are overhead-bound: see v3.
#include <algorithm>
#include <memory>
#include <new>
#include <vector>

#include "conv_geometry.h"
#include "internal.h"
#include "tessera/cpu.h"
#include "thread_pool.h"

namespace {

using ts::ConvGeometry;

// Bytes of im2col columns unrolled at a time (per thread).
constexpr int64_t kColumnBytes = 512 * 1024;

enum class Pass { FORWARD, BACKWARD_INPUT, BACKWARD_WEIGHT };

// One pass of one convolution, as every thread's share of it sees it.
struct Job {
  const ConvGeometry *g;
  Pass pass;
  bool f64;
  bool direct;    // the direct path, else im2col + gemm
  bool unrolled;  // im2col path: the columns must be unrolled (not a plain 1x1 kernel)
  int64_t tile;   // output positions unrolled at a time
  // FORWARD: input, weight, bias (may be null) -> out. BACKWARD_INPUT: grad_output, weight ->
  // out (grad_input). BACKWARD_WEIGHT: input, grad_output -> out (task 0's sum, the others in
  // their scratch).
  const void *x, *y, *bias;
  void *out;
  void *scratch;
  int64_t scratch_per_task;  // elements
};

// A 1x1 kernel at stride 1 without padding reads each input position once, in order.
bool pointwise(const ConvGeometry &g) {
  return g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 && g.pad_bottom == 0 &&
         g.pad_left == 0 && g.pad_right == 0;
}

// ------------------------------------------------------------------ im2col path

template <typename T>
struct Im2col {
  const ConvGeometry &g;

  static constexpr int dtype = sizeof(T) == 8 ? TS_F64 : TS_F32;

  // Calls f(offset in the tile, output row y, first column xs, end column xe) for each output row
  // that output positions [p0, p1) touch, in order.
  template <typename F>
  void rows(int64_t p0, int64_t p1, const F &f) const {
    int64_t y = p0 / g.out_w, xs = p0 - y * g.out_w;
    for (int64_t p = p0; p < p1; y++, xs = 0) {
      int64_t xe = std::min(g.out_w, xs + (p1 - p));
      f(p - p0, y, xs, xe);
      p += xe - xs;
    }
  }

  // col [patch, p1 - p0] = the windows of output positions [p0, p1) over one group's input planes.
  void unroll(const T *in, int64_t p0, int64_t p1, T *col) const {
    const int64_t cols = p1 - p0, sw = g.stride_w;
    for (int64_t c = 0; c < g.in_per_group(); c++)
      for (int64_t i = 0; i < g.k_h; i++) {
        int64_t y0, y1;
        g.row_range(i, &y0, &y1);
        for (int64_t j = 0; j < g.k_w; j++) {
          int64_t x0, x1;
          g.col_range(j, &x0, &x1);
          T *row = col + ((c * g.k_h + i) * g.k_w + j) * cols;
          rows(p0, p1, [&](int64_t at, int64_t y, int64_t xs, int64_t xe) {
            T *dst = row + at;  // column x goes to dst[x - xs]
            if (y < y0 || y >= y1) {
              for (int64_t x = xs; x < xe; x++) dst[x - xs] = 0;
              return;
            }
            // Column x reads src[x * sw + shift] (>= 0 for x in [x0, x1)).
            const T *src = in + (c * g.h + y * g.stride_h - g.pad_top + i * g.dilation_h) * g.w;
            const int64_t shift = j * g.dilation_w - g.pad_left;
            int64_t a = std::min(std::max(xs, x0), xe), e = std::max(std::min(xe, x1), a);
            for (int64_t x = xs; x < a; x++) dst[x - xs] = 0;
            if (sw == 1) for (int64_t x = a; x < e; x++) dst[x - xs] = src[x + shift];
            else for (int64_t x = a; x < e; x++) dst[x - xs] = src[x * sw + shift];
            for (int64_t x = e; x < xe; x++) dst[x - xs] = 0;
          });
        }
      }
  }

  // The reverse of unroll: adds each element of col into the input position it was read from.
  void fold_add(const T *col, int64_t p0, int64_t p1, T *in) const {
    const int64_t cols = p1 - p0, sw = g.stride_w;
    for (int64_t c = 0; c < g.in_per_group(); c++)
      for (int64_t i = 0; i < g.k_h; i++) {
        int64_t y0, y1;
        g.row_range(i, &y0, &y1);
        for (int64_t j = 0; j < g.k_w; j++) {
          int64_t x0, x1;
          g.col_range(j, &x0, &x1);
          const T *row = col + ((c * g.k_h + i) * g.k_w + j) * cols;
          rows(p0, p1, [&](int64_t at, int64_t y, int64_t xs, int64_t xe) {
            if (y < y0 || y >= y1) return;
            const T *src = row + at;  // column x comes from src[x - xs]
            T *dst = in + (c * g.h + y * g.stride_h - g.pad_top + i * g.dilation_h) * g.w;
            const int64_t shift = j * g.dilation_w - g.pad_left;
            int64_t a = std::min(std::max(xs, x0), xe), e = std::max(std::min(xe, x1), a);
            if (sw == 1) for (int64_t x = a; x < e; x++) dst[x + shift] += src[x - xs];
            else for (int64_t x = a; x < e; x++) dst[x * sw + shift] += src[x - xs];
          });
        }
      }
  }

  // Images [b0, b1); col is this task's buffer.
  int forward(const T *input, const T *weight, const T *bias, T *output, int64_t tile, bool unrolled, T *col,
              int64_t b0, int64_t b1) const {
    const int64_t plane = g.out_plane(), opg = g.out_per_group();
    for (int64_t b = b0; b < b1; b++)
      for (int64_t gi = 0; gi < g.groups; gi++) {
        const T *in = input + (b * g.c_in + gi * g.in_per_group()) * g.in_plane();
        const T *w = weight + gi * opg * g.patch();
        T *out = output + (b * g.c_out + gi * opg) * plane;
        for (int64_t o = 0; o < opg; o++) std::fill_n(out + o * plane, plane, bias ? bias[gi * opg + o] : T(0));
        for (int64_t p0 = 0; p0 < plane; p0 += tile) {
          int64_t p1 = std::min(plane, p0 + tile);
          if (unrolled) unroll(in, p0, p1, col);
          if (int s = ts::conv_gemm(dtype, false, false, opg, p1 - p0, g.patch(), 1.0, w, g.patch(),
                                    unrolled ? col : in + p0, unrolled ? p1 - p0 : g.in_plane(), 1.0, out + p0, plane))
            return s;
        }
      }
    return TS_OK;
  }

  int backward_input(const T *grad_output, const T *weight, T *grad_input, int64_t tile, bool unrolled, T *col,
                     int64_t b0, int64_t b1) const {
    const int64_t plane = g.out_plane(), opg = g.out_per_group();
    for (int64_t b = b0; b < b1; b++)
      for (int64_t gi = 0; gi < g.groups; gi++) {
        T *gin = grad_input + (b * g.c_in + gi * g.in_per_group()) * g.in_plane();
        const T *go = grad_output + (b * g.c_out + gi * opg) * plane;
        const T *w = weight + gi * opg * g.patch();
        if (!unrolled) {  // the input planes are the columns: the gemm writes them directly
          if (int s = ts::conv_gemm(dtype, true, false, g.patch(), plane, opg, 1.0, w, g.patch(), go, plane, 0.0, gin,
                                    g.in_plane()))
            return s;
          continue;
        }
        std::fill_n(gin, g.in_per_group() * g.in_plane(), T(0));  // positions no window reads stay 0
        for (int64_t p0 = 0; p0 < plane; p0 += tile) {
          int64_t p1 = std::min(plane, p0 + tile);
          if (int s = ts::conv_gemm(dtype, true, false, g.patch(), p1 - p0, opg, 1.0, w, g.patch(), go + p0, plane, 0.0,
                                    col, p1 - p0))
            return s;
          fold_add(col, p0, p1, gin);
        }
      }
    return TS_OK;
  }

  // Adds the weight gradient of images [b0, b1) into sum (zeroed by the caller).
  int backward_weight(const T *input, const T *grad_output, T *sum, int64_t tile, bool unrolled, T *col, int64_t b0,
                      int64_t b1) const {
    const int64_t plane = g.out_plane(), opg = g.out_per_group();
    for (int64_t b = b0; b < b1; b++)
      for (int64_t gi = 0; gi < g.groups; gi++) {
        const T *in = input + (b * g.c_in + gi * g.in_per_group()) * g.in_plane();
        const T *go = grad_output + (b * g.c_out + gi * opg) * plane;
        for (int64_t p0 = 0; p0 < plane; p0 += tile) {
          int64_t p1 = std::min(plane, p0 + tile);
          if (unrolled) unroll(in, p0, p1, col);
          if (int s = ts::conv_gemm(dtype, false, true, opg, g.patch(), p1 - p0, 1.0, go + p0, plane,
                                    unrolled ? col : in + p0, unrolled ? p1 - p0 : g.in_plane(), 1.0,
                                    sum + gi * opg * g.patch(), g.patch()))
            return s;
        }
      }
    return TS_OK;
  }
};

// ------------------------------------------------------------------ direct path (one input channel per group)

template <typename T>
struct Direct {
  const ConvGeometry &g;

  // Every (tap, output row) pair whose input row exists: f(tap, output row y, input row iy, first
  // valid output column x0, their count, input column read by x0).
  template <typename F>
  void taps(const F &f) const {
    for (int64_t i = 0; i < g.k_h; i++) {
      int64_t y0, y1;
      g.row_range(i, &y0, &y1);
      for (int64_t j = 0; j < g.k_w; j++) {
        int64_t x0, x1;
        g.col_range(j, &x0, &x1);
        if (x1 <= x0) continue;
        for (int64_t y = y0; y < y1; y++)
          f(i * g.k_w + j, y, y * g.stride_h - g.pad_top + i * g.dilation_h, x0, x1 - x0,
            x0 * g.stride_w - g.pad_left + j * g.dilation_w);
      }
    }
  }

  // Output planes [q0, q1) of [n, c_out].
  void forward(const T *input, const T *weight, const T *bias, T *output, int64_t q0, int64_t q1) const {
    const int64_t sw = g.stride_w, opg = g.out_per_group();
    for (int64_t q = q0; q < q1; q++) {
      const int64_t b = q / g.c_out, o = q % g.c_out;
      const T *in = input + (b * g.c_in + o / opg) * g.in_plane();
      const T *w = weight + o * g.taps();
      T *out = output + q * g.out_plane();
      std::fill_n(out, g.out_plane(), bias ? bias[o] : T(0));
      taps([&](int64_t tap, int64_t y, int64_t iy, int64_t x0, int64_t count, int64_t ix) {
        const T wv = w[tap], *src = in + iy * g.w + ix;
        T *dst = out + y * g.out_w + x0;
        if (sw == 1) for (int64_t k = 0; k < count; k++) dst[k] += wv * src[k];
        else for (int64_t k = 0; k < count; k++) dst[k] += wv * src[k * sw];
      });
    }
  }

  // Input planes [q0, q1) of [n, c_in]; each sums the out_per_group outputs of its channel.
  void backward_input(const T *grad_output, const T *weight, T *grad_input, int64_t q0, int64_t q1) const {
    const int64_t sw = g.stride_w, opg = g.out_per_group();
    for (int64_t q = q0; q < q1; q++) {
      const int64_t b = q / g.c_in, c = q % g.c_in;
      T *gin = grad_input + q * g.in_plane();
      std::fill_n(gin, g.in_plane(), T(0));
      for (int64_t o = c * opg; o < (c + 1) * opg; o++) {
        const T *go = grad_output + (b * g.c_out + o) * g.out_plane();
        const T *w = weight + o * g.taps();
        taps([&](int64_t tap, int64_t y, int64_t iy, int64_t x0, int64_t count, int64_t ix) {
          const T wv = w[tap], *src = go + y * g.out_w + x0;
          T *dst = gin + iy * g.w + ix;
          if (sw == 1) for (int64_t k = 0; k < count; k++) dst[k] += wv * src[k];
          else for (int64_t k = 0; k < count; k++) dst[k * sw] += wv * src[k];
        });
      }
    }
  }

  // Output channels [o0, o1); lanes holds taps * out_w elements.
  void backward_weight(const T *input, const T *grad_output, T *grad_weight, T *lanes, int64_t o0, int64_t o1) const {
    const int64_t sw = g.stride_w, opg = g.out_per_group(), taps_n = g.taps();
    std::vector<double> sums(taps_n);
    for (int64_t o = o0; o < o1; o++) {
      std::fill(sums.begin(), sums.end(), 0.0);
      for (int64_t b = 0; b < g.n; b++) {
        const T *in = input + (b * g.c_in + o / opg) * g.in_plane();
        const T *go = grad_output + (b * g.c_out + o) * g.out_plane();
        std::fill_n(lanes, taps_n * g.out_w, T(0));
        taps([&](int64_t tap, int64_t y, int64_t iy, int64_t x0, int64_t count, int64_t ix) {
          const T *a = go + y * g.out_w + x0, *src = in + iy * g.w + ix;
          T *acc = lanes + tap * g.out_w;
          if (sw == 1) for (int64_t k = 0; k < count; k++) acc[k] += a[k] * src[k];
          else for (int64_t k = 0; k < count; k++) acc[k] += a[k] * src[k * sw];
        });
        for (int64_t tap = 0; tap < taps_n; tap++)
          for (int64_t k = 0; k < g.out_w; k++) sums[tap] += lanes[tap * g.out_w + k];
      }
      for (int64_t tap = 0; tap < taps_n; tap++) grad_weight[o * taps_n + tap] = (T)sums[tap];
    }
  }
};

// ------------------------------------------------------------------ one thread's share, per ISA

template <typename T>
int share(const Job &job, int task, int64_t begin, int64_t end) {
  const ConvGeometry &g = *job.g;
  T *scratch = static_cast<T *>(job.scratch) + task * job.scratch_per_task;
  const T *x = static_cast<const T *>(job.x), *y = static_cast<const T *>(job.y);
  T *out = static_cast<T *>(job.out);
  if (job.direct) {
    Direct<T> d{g};
    switch (job.pass) {
      case Pass::FORWARD: d.forward(x, y, static_cast<const T *>(job.bias), out, begin, end); break;
      case Pass::BACKWARD_INPUT: d.backward_input(x, y, out, begin, end); break;
      case Pass::BACKWARD_WEIGHT: d.backward_weight(x, y, out, scratch, begin, end); break;
    }
    return TS_OK;
  }
  Im2col<T> m{g};
  switch (job.pass) {
    case Pass::FORWARD:
      return m.forward(x, y, static_cast<const T *>(job.bias), out, job.tile, job.unrolled, scratch, begin, end);
    case Pass::BACKWARD_INPUT: return m.backward_input(x, y, out, job.tile, job.unrolled, scratch, begin, end);
    case Pass::BACKWARD_WEIGHT: {
      // Task 0 sums into grad_weight itself; the others into the head of their scratch.
      const int64_t weights = g.c_out * g.patch();
      T *sum = task == 0 ? out : scratch;
      std::fill_n(sum, weights, T(0));
      return m.backward_weight(x, y, sum, job.tile, job.unrolled, scratch + weights, begin, end);
    }
  }
  return TS_OK;
}

// flatten inlines the whole share into each entry, so its loops are compiled for that ISA.
__attribute__((target("avx512f,avx512vl,avx2,fma"), flatten)) int share_avx512(const Job &job, int t, int64_t b, int64_t e) {
  return job.f64 ? share<double>(job, t, b, e) : share<float>(job, t, b, e);
}
__attribute__((target("avx2,fma"), flatten)) int share_avx2(const Job &job, int t, int64_t b, int64_t e) {
  return job.f64 ? share<double>(job, t, b, e) : share<float>(job, t, b, e);
}
__attribute__((flatten)) int share_baseline(const Job &job, int t, int64_t b, int64_t e) {
  return job.f64 ? share<double>(job, t, b, e) : share<float>(job, t, b, e);
}

using ShareFn = int (*)(const Job &, int, int64_t, int64_t);

ShareFn best_share() {
  static const ShareFn best = [] {
    int64_t f = ts_cpu_features();
    if ((f & TS_CPU_AVX512F) && (f & TS_CPU_AVX512VL) && (f & TS_CPU_FMA)) return share_avx512;
    if ((f & TS_CPU_AVX2) && (f & TS_CPU_FMA)) return share_avx2;
    return share_baseline;
  }();
  return best;
}

// ------------------------------------------------------------------ the passes

// Splits the job over the threads (images for im2col, `direct_items` for the direct path), with
// `scratch_per_task` elements of scratch each, and runs every share; returns the first failure.
int run(const char *fn, Job job, int64_t direct_items, int64_t scratch_per_task) {
  const ConvGeometry &g = *job.g;
  const int64_t items = job.direct ? direct_items : g.n;
  // im2col with fewer images than threads: one task, whose gemms split instead.
  const bool split = job.direct || g.n >= ts::num_threads();
  const int tasks = split ? (int)std::max<int64_t>(1, std::min<int64_t>(ts::num_threads(), items)) : 1;
  const size_t element = job.f64 ? sizeof(double) : sizeof(float);
  std::unique_ptr<char[]> scratch(new (std::nothrow) char[std::max<size_t>(1, tasks * scratch_per_task * element)]);
  if (!scratch) return ts::fail(TS_ERR_ALLOC, "%s: out of memory for %lld scratch elements", fn, (long long)(tasks * scratch_per_task));
  job.scratch = scratch.get();
  job.scratch_per_task = scratch_per_task;
  std::vector<int> status(tasks, TS_OK);
  ShareFn share_fn = best_share();
  if (tasks == 1) {
    status[0] = share_fn(job, 0, 0, items);
  } else {
    ts::parallel_for(tasks, [&](int t) { status[t] = share_fn(job, t, items * t / tasks, items * (t + 1) / tasks); });
  }
  for (int s : status)
    if (s != TS_OK) return s;
  if (job.pass == Pass::BACKWARD_WEIGHT && !job.direct) {  // add the other tasks' partial sums
    const int64_t weights = g.c_out * g.patch();
    for (int t = 1; t < tasks; t++) {
      const char *partial = scratch.get() + t * scratch_per_task * element;
      if (job.f64) {
        for (int64_t k = 0; k < weights; k++) static_cast<double *>(job.out)[k] += reinterpret_cast<const double *>(partial)[k];
      } else {
        for (int64_t k = 0; k < weights; k++) static_cast<float *>(job.out)[k] += reinterpret_cast<const float *>(partial)[k];
      }
    }
  }
  return TS_OK;
}

Job job_for(int dtype, const ConvGeometry &g, Pass pass, const void *x, const void *y, const void *bias, void *out) {
  int64_t element = dtype == TS_F64 ? 8 : 4;
  int64_t fit = kColumnBytes / (g.patch() * element) / 64 * 64;
  int64_t tile = std::min(g.out_plane(), std::max<int64_t>(64, fit));
  return Job{&g, pass, dtype == TS_F64, g.in_per_group() == 1, !pointwise(g), tile, x, y, bias, out, nullptr, 0};
}

int64_t col_elements(const Job &job) { return job.unrolled ? job.g->patch() * job.tile : 0; }

int run_forward(int dtype, const ConvGeometry &g, const void *input, const void *weight, const void *bias, void *output) {
  Job job = job_for(dtype, g, Pass::FORWARD, input, weight, bias, output);
  return run("conv2d", job, g.n * g.c_out, job.direct ? 0 : col_elements(job));
}

int run_backward_input(int dtype, const ConvGeometry &g, const void *grad_output, const void *weight, void *grad_input) {
  Job job = job_for(dtype, g, Pass::BACKWARD_INPUT, grad_output, weight, nullptr, grad_input);
  return run("conv2d_backward_input", job, g.n * g.c_in, job.direct ? 0 : col_elements(job));
}

int run_backward_weight(int dtype, const ConvGeometry &g, const void *input, const void *grad_output, void *grad_weight) {
  Job job = job_for(dtype, g, Pass::BACKWARD_WEIGHT, input, grad_output, nullptr, grad_weight);
  int64_t scratch = job.direct ? g.taps() * g.out_w : g.c_out * g.patch() + col_elements(job);
  return run("conv2d_backward_weight", job, g.c_out, scratch);
}

}  // namespace

namespace ts {
extern const ConvVersion conv_v2_im2col = {"im2col", 0, run_forward, run_backward_input, run_backward_weight};
}
