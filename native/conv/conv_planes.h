// conv_planes.h: what the register-blocked AVX-512 conv versions (v3, v4) share: the Plan of a
// forward-style convolution over zero-padded input planes (the input gradient is one too, on the
// output gradient), the padded copy of an image, the driver that spreads images (or rows) over the
// threads, zeroed scratch, zmm loads and stores, and the kernel's weights in either orientation.
// Internal to native/conv; every function that uses AVX-512 carries TS_AVX512 and is only called
// once cpuid has been checked (conv.cc's version table).
#ifndef TESSERA_CONV_PLANES_H
#define TESSERA_CONV_PLANES_H

#include <algorithm>
#include <memory>
#include <new>
#include <vector>

#include "conv_geometry.h"
#include "internal.h"
#include "thread_pool.h"

#define TS_AVX512 __attribute__((target("avx512f,avx512vl,avx2,fma")))

namespace ts::planes {

// A forward-style convolution as the blocked kernels run it. pad_top / pad_left may be negative
// (the input gradient with padding above span - 1 skips rows instead of adding them).
struct Plan {
  int64_t n, groups, c_in, h, w, c_out, out_h, out_w, k_h, k_w, stride_h, stride_w, dilation_h, dilation_w;
  int64_t pad_top, pad_left;

  static Plan of(const ConvGeometry &g) {
    return Plan{g.n, g.groups, g.c_in, g.h, g.w, g.c_out, g.out_h, g.out_w, g.k_h, g.k_w, g.stride_h, g.stride_w,
                g.dilation_h, g.dilation_w, g.pad_top, g.pad_left};
  }

  int64_t in_per_group() const { return c_in / groups; }
  int64_t out_per_group() const { return c_out / groups; }
  int64_t patch() const { return in_per_group() * k_h * k_w; }
  int64_t positions() const { return out_h * out_w; }
  // The padded planes cover exactly the rows and columns some window reads.
  int64_t padded_h() const { return (out_h - 1) * stride_h + dilation_h * (k_h - 1) + 1; }
  int64_t padded_w() const { return (out_w - 1) * stride_w + dilation_w * (k_w - 1) + 1; }
  int64_t padded_elements() const { return c_in * padded_h() * padded_w(); }
  // No padding and the same plane shape: the kernels read the input planes in place.
  bool in_place() const { return pad_top == 0 && pad_left == 0 && padded_h() == h && padded_w() == w; }

  // Taps are numbered kernel row first, k = (i, c, j), so the taps of one kernel row are a
  // contiguous range: an output row whose window hangs over zero rows skips them as a range.
  int64_t tap(int64_t i, int64_t c, int64_t j) const { return (i * in_per_group() + c) * k_w + j; }

  // Offset of each tap of a group in its padded planes.
  std::vector<int64_t> tap_offsets() const {
    std::vector<int64_t> koff(patch());
    const int64_t hp = padded_h(), wp = padded_w();
    for (int64_t i = 0; i < k_h; i++)
      for (int64_t c = 0; c < in_per_group(); c++)
        for (int64_t j = 0; j < k_w; j++) koff[tap(i, c, j)] = (c * hp + i * dilation_h) * wp + j * dilation_w;
    return koff;
  }

  // The taps output row y reads from rows holding input (not padding): [*begin, *end).
  void live_taps(int64_t y, int64_t *begin, int64_t *end) const {
    const int64_t lo = std::max<int64_t>(0, pad_top), hi = std::min(padded_h(), pad_top + h), top = y * stride_h;
    const int64_t i0 = lo <= top ? 0 : (lo - top + dilation_h - 1) / dilation_h;
    const int64_t i1 = hi <= top ? 0 : std::min(k_h, (hi - 1 - top) / dilation_h + 1);
    *begin = tap(std::min(i0, i1), 0, 0);
    *end = tap(i1, 0, 0);
  }

  // Where output row y of a group's output starts reading in its padded planes.
  int64_t row_offset(int64_t group, int64_t y) const {
    return (group * in_per_group() * padded_h() + y * stride_h) * padded_w();
  }
};

// The padded planes ([c_in][padded_h][padded_w]) of image b: the input itself when it needs no
// padding, else `scratch`, whose border the caller zeroed once (only the interior, the input's
// rows, is written per image, and the border stays zero).
template <typename T>
TS_AVX512 const T *padded_image(const Plan &p, const T *input, int64_t b, T *scratch) {
  const T *image = input + b * p.c_in * p.h * p.w;
  if (p.in_place()) return image;
  const int64_t hp = p.padded_h(), wp = p.padded_w();
  const int64_t r0 = std::max<int64_t>(0, p.pad_top), r1 = std::min(hp, p.pad_top + p.h);
  const int64_t x0 = std::clamp<int64_t>(p.pad_left, 0, wp), x1 = std::clamp<int64_t>(p.pad_left + p.w, x0, wp);
  for (int64_t c = 0; c < p.c_in; c++)
    for (int64_t r = r0; r < r1; r++) {
      const T *src = image + (c * p.h + r - p.pad_top) * p.w;  // column x reads src[x - pad_left]
      T *dst = scratch + (c * hp + r) * wp;
      for (int64_t x = x0; x < x1; x++) dst[x] = src[x - p.pad_left];
    }
  return scratch;
}

// Scratch for every task, allocated (and zeroed: padded planes keep their zero border) before any
// thread starts, so a failure is reported once.
template <typename T>
std::unique_ptr<T[]> allocate(int64_t elements) {
  std::unique_ptr<T[]> buffer(new (std::nothrow) T[(size_t)std::max<int64_t>(1, elements)]);
  if (buffer) std::fill_n(buffer.get(), elements, T(0));
  return buffer;
}

// A zmm register of T and unaligned loads / stores of it. Stores go through a may_alias pointer, not
// memcpy from the accumulator: taking an accumulator's address made GCC keep the accumulator
// arrays in memory too, zeroing them with rep stos on every call.
template <typename T>
struct Zmm {
  typedef T V __attribute__((vector_size(64)));
  typedef T Unaligned __attribute__((vector_size(64), aligned(sizeof(T)), may_alias));
  static constexpr int L = 64 / sizeof(T);
  TS_AVX512 static V load(const T *p) { return *reinterpret_cast<const Unaligned *>(p); }
  TS_AVX512 static void store(T *p, V v) { *reinterpret_cast<Unaligned *>(p) = v; }
};

// Element (out o, in c, tap i, j) of group gi's kernel: the weight itself, or (transposed) the
// kernel of the input gradient, whose outputs are the forward's input channels:
// weight[o'= c][c' = o][k_h - 1 - i][k_w - 1 - j]. weight is [c_out][ipg][k_h][k_w] of `g`.
template <typename T>
T kernel_weight(const ConvGeometry &g, const T *weight, bool transposed, int64_t gi, int64_t o, int64_t c, int64_t i,
                int64_t j) {
  if (transposed)
    return weight[(((gi * g.out_per_group() + c) * g.in_per_group() + o) * g.k_h + g.k_h - 1 - i) * g.k_w + g.k_w - 1 - j];
  return weight[(((gi * g.out_per_group() + o) * g.in_per_group() + c) * g.k_h + i) * g.k_w + j];
}

// The plan of the input gradient at stride 1: a stride-1 convolution of the output gradient,
// padded by span - 1 - padding, with the transposed kernel (kernel_weight(..., true, ...)).
inline Plan transposed_plan(const ConvGeometry &g) {
  return Plan{g.n, g.groups, g.c_out, g.out_h, g.out_w, g.c_in, g.h, g.w, g.k_h, g.k_w, 1, 1, g.dilation_h, g.dilation_w,
              g.dilation_h * (g.k_h - 1) - g.pad_top, g.dilation_w * (g.k_w - 1) - g.pad_left};
}

// Runs rows(padded planes of image b, b, row0, row1) for rows [0, row_count) of every image:
// images over the threads, each with its own padded copy, or, with fewer images than threads,
// the rows of each image. Returns TS_ERR_ALLOC (naming fn) if the copies can't be allocated.
template <typename T, typename Rows>
int over_images(const char *fn, const Plan &p, const T *input, int64_t row_count, const Rows &rows) {
  const int threads = ts::num_threads();
  const int64_t planes = p.in_place() ? 0 : p.padded_elements();
  const int tasks = p.n >= threads ? threads : 1;
  std::unique_ptr<T[]> scratch = allocate<T>(tasks * planes);
  if (!scratch) return ts::fail(TS_ERR_ALLOC, "%s: out of memory for padded input planes", fn);
  if (tasks > 1) {
    ts::parallel_chunks(p.n, [&](int t, int64_t b0, int64_t b1) {
      for (int64_t b = b0; b < b1; b++) rows(padded_image(p, input, b, scratch.get() + t * planes), b, 0, row_count);
    });
    return TS_OK;
  }
  for (int64_t b = 0; b < p.n; b++) {
    const T *padded = padded_image(p, input, b, scratch.get());
    ts::parallel_chunks(row_count, [&](int, int64_t r0, int64_t r1) { rows(padded, b, r0, r1); });
  }
  return TS_OK;
}

}  // namespace ts::planes

#endif
