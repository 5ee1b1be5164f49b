// index.cc: gather, scatter, index_select and the accumulating scatter_add / index_add
// (index.h). The moving kernels only copy elements, so they are written once per element size;
// the adding ones are written per dtype. The indexed operand's stride along `dim` is taken out of
// the odometer and applied with the index value; index_select and index_add walk their index as
// an extra operand with stride 1 along `dim`, so coalescing dims never loses the position along
// dim. The adding kernels run on one thread in the odometer's (row-major) order, so repeated
// indices accumulate exactly and the same inputs always round the same way.
#include <cstring>
#include <type_traits>

#include "internal.h"
#include "strided.h"
#include "tessera/index.h"

namespace {

using ts::fail;

// Calls f(E{}) with an unsigned integer type as wide as one element of dtype.
template <typename F>
int dispatch_size(const char *fn, int dtype, F &&f) {
  switch (dtype) {
    case TS_F32: case TS_I32: return f(uint32_t{});
    case TS_F64: case TS_I64: return f(uint64_t{});
    case TS_U8: case TS_BOOL: return f(uint8_t{});
    default: return fail(TS_ERR_INVALID, "%s: unknown dtype code %d", fn, dtype);
  }
}

int check_dim(const char *fn, int ndim, int dim, int64_t dim_size) {
  if (ndim < 0 || ndim > TS_MAX_DIMS) return fail(TS_ERR_INVALID, "%s: ndim %d outside 0..%d", fn, ndim, TS_MAX_DIMS);
  if (dim < 0 || dim >= (ndim > 0 ? ndim : 1)) return fail(TS_ERR_INVALID, "%s: dim %d out of range for ndim %d", fn, dim, ndim);
  if (dim_size < 0) return fail(TS_ERR_INVALID, "%s: negative dimension size %lld", fn, (long long)dim_size);
  return TS_OK;
}

int out_of_range(const char *fn, int64_t i, int dim, int64_t size) {
  return fail(TS_ERR_INVALID, "%s: index %lld out of range for dimension %d of size %lld", fn, (long long)i, dim,
              (long long)size);
}

// gather (Scatter = false): out[p] = x[base_x(p) + idx * dim_stride];
// scatter (Scatter = true): out[base_out(p) + idx * dim_stride] = src[p].
// meta: index shape, data strides (x or src), index strides, out strides.
template <bool Scatter>
int gather_scatter(const char *fn, int dtype, int ndim, int dim, const int64_t *meta, const void *data,
                   int64_t dim_size, const int64_t *index, void *out) {
  if (int rc = check_dim(fn, ndim, dim, dim_size)) return rc;
  if (ndim > 0 && !meta) return fail(TS_ERR_INVALID, "%s: meta is NULL", fn);
  int64_t m[4 * TS_MAX_DIMS];
  std::memcpy(m, meta, sizeof(int64_t) * 4 * ndim);
  int indexed = Scatter ? 3 : 1;  // the operand addressed through the index
  int64_t dim_stride = ndim > 0 ? m[indexed * ndim + dim] : 0;
  if (ndim > 0) m[indexed * ndim + dim] = 0;
  ts::Strided<3> s;
  if (int rc = s.parse(fn, ndim, m)) return rc;
  return dispatch_size(fn, dtype, [&](auto zero) -> int {
    using E = decltype(zero);
    const E *d = static_cast<const E *>(data);
    E *o = static_cast<E *>(out);
    const int64_t n = s.inner_size(), sd = s.inner_stride(0), si = s.inner_stride(1), so = s.inner_stride(2);
    int rc = TS_OK;
    s.for_each_row([&](const int64_t *off) {
      if (rc) return;
      const E *dr = d + off[0];
      const int64_t *ir = index + off[1];
      E *orow = o + off[2];
      for (int64_t k = 0; k < n; k++) {
        int64_t i = ir[k * si], j = i < 0 ? i + dim_size : i;
        if (j < 0 || j >= dim_size) {
          rc = out_of_range(fn, i, dim, dim_size);
          return;
        }
        if (Scatter) orow[k * so + j * dim_stride] = dr[k * sd];
        else orow[k * so] = dr[k * sd + j * dim_stride];
      }
    });
    return rc;
  });
}

// out[p] += src[q] for the adding kernels: BOOL adds as logical or (as ts_binary's ADD), the
// integers wrap.
template <typename T>
inline void accumulate(T &o, T v) {
  if constexpr (std::is_same_v<T, bool>) o = o | v;
  else o = (T)(o + v);
}

// Calls f(T{}) for the dtypes the adding kernels take (every dtype).
template <typename F>
int dispatch_add(const char *fn, int dtype, F &&f) {
  if (!ts::dtype_name(dtype)) return fail(TS_ERR_INVALID, "%s: unknown dtype code %d", fn, dtype);
  return ts::dispatch_dtype(dtype, f);
}

// Checks every index of a contiguous 1-D index up front, so a failing index_select/index_add
// leaves its output untouched.
int check_index_list(const char *fn, const int64_t *index, int64_t n_index, int dim, int64_t dim_size) {
  if (n_index < 0) return fail(TS_ERR_INVALID, "%s: negative index length %lld", fn, (long long)n_index);
  if (n_index > 0 && !index) return fail(TS_ERR_INVALID, "%s: index is NULL", fn);
  for (int64_t k = 0; k < n_index; k++)
    if (index[k] < -dim_size || index[k] >= dim_size) return out_of_range(fn, index[k], dim, dim_size);
  return TS_OK;
}

// The odometer of index_select / index_add: operands (data, index, indexed) over `meta`'s shape,
// where the index gets stride 1 along dim and the indexed operand's stride along dim is moved
// into *dim_stride. meta: shape, data strides, indexed strides.
int index_list_odometer(const char *fn, int ndim, int dim, const int64_t *meta, ts::Strided<3> &s,
                        int64_t *dim_stride) {
  int64_t m[4 * TS_MAX_DIMS];
  *dim_stride = 0;
  if (ndim > 0) {
    std::memcpy(m, meta, sizeof(int64_t) * ndim);                        // shape
    std::memcpy(m + ndim, meta + ndim, sizeof(int64_t) * ndim);          // data
    std::memset(m + 2 * ndim, 0, sizeof(int64_t) * ndim);                // index
    std::memcpy(m + 3 * ndim, meta + 2 * ndim, sizeof(int64_t) * ndim);  // indexed
    *dim_stride = m[3 * ndim + dim];
    m[3 * ndim + dim] = 0;
    m[2 * ndim + dim] = 1;
  }
  return s.parse(fn, ndim, m);
}

}  // namespace

TS_EXPORT int ts_gather(int dtype, int ndim, int dim, const int64_t *meta, const void *x, int64_t x_dim_size,
                        const int64_t *index, void *out) {
  return gather_scatter<false>("gather", dtype, ndim, dim, meta, x, x_dim_size, index, out);
}

TS_EXPORT int ts_scatter(int dtype, int ndim, int dim, const int64_t *meta, const void *src, const int64_t *index,
                         void *out, int64_t out_dim_size) {
  return gather_scatter<true>("scatter", dtype, ndim, dim, meta, src, out_dim_size, index, out);
}

TS_EXPORT int ts_index_select(int dtype, int ndim, int dim, const int64_t *meta, const void *x, int64_t x_dim_size,
                              const int64_t *index, int64_t n_index, void *out) {
  const char *fn = "index_select";
  if (int rc = check_dim(fn, ndim, dim, x_dim_size)) return rc;
  if (ndim > 0 && !meta) return fail(TS_ERR_INVALID, "%s: meta is NULL", fn);
  if (n_index < 0) return fail(TS_ERR_INVALID, "%s: negative index length %lld", fn, (long long)n_index);
  if (ndim > 0 && meta[dim] != n_index)
    return fail(TS_ERR_INVALID, "%s: output size %lld along dim %d != index length %lld", fn, (long long)meta[dim],
                dim, (long long)n_index);
  for (int64_t k = 0; k < n_index; k++)
    if (index[k] < -x_dim_size || index[k] >= x_dim_size) return out_of_range(fn, index[k], dim, x_dim_size);
  // Fast path (mini-batches: rows of a dense data set): x and out both dense row-major, so each
  // selected slice is one memcpy of the dims after `dim`.
  if (ndim > 0) {
    int64_t inner = 1, outer = 1;
    bool dense = true;
    for (int d = ndim - 1; d > dim; d--) {
      dense = dense && meta[ndim + d] == inner && meta[2 * ndim + d] == inner;
      inner *= meta[d];
    }
    for (int d = 0; d < dim; d++) outer *= meta[d];
    // dim and the outer dims must be laid out right after the inner block in both tensors.
    dense = dense && meta[ndim + dim] == inner && meta[2 * ndim + dim] == inner;
    int64_t xs = inner * x_dim_size, os = inner * n_index;
    for (int d = dim - 1; d >= 0 && dense; d--) {
      dense = meta[ndim + d] == xs && meta[2 * ndim + d] == os;
      xs *= meta[d];
      os *= meta[d];
    }
    if (dense) {
      const size_t elem = (size_t)ts::dtype_size(dtype);
      if (elem == 0) return fail(TS_ERR_INVALID, "%s: unknown dtype code %d", fn, dtype);
      const char *xb = static_cast<const char *>(x);
      char *ob = static_cast<char *>(out);
      const size_t row = (size_t)inner * elem;
      for (int64_t o = 0; o < outer; o++)
        for (int64_t k = 0; k < n_index; k++) {
          int64_t i = index[k] < 0 ? index[k] + x_dim_size : index[k];
          std::memcpy(ob + ((size_t)o * n_index + k) * row, xb + ((size_t)o * x_dim_size + i) * row, row);
        }
      return TS_OK;
    }
  }
  // Operands: x (stride along dim removed), the index (stride 1 along dim only), out.
  int64_t m[4 * TS_MAX_DIMS];
  int64_t dim_stride = 0;
  if (ndim > 0) {
    std::memcpy(m, meta, sizeof(int64_t) * ndim);                   // shape
    std::memcpy(m + ndim, meta + ndim, sizeof(int64_t) * ndim);     // x
    std::memset(m + 2 * ndim, 0, sizeof(int64_t) * ndim);           // index
    std::memcpy(m + 3 * ndim, meta + 2 * ndim, sizeof(int64_t) * ndim);  // out
    dim_stride = m[ndim + dim];
    m[ndim + dim] = 0;
    m[2 * ndim + dim] = 1;
  }
  ts::Strided<3> s;
  if (int rc = s.parse(fn, ndim, m)) return rc;
  return dispatch_size(fn, dtype, [&](auto zero) -> int {
    using E = decltype(zero);
    const E *xp = static_cast<const E *>(x);
    E *o = static_cast<E *>(out);
    const int64_t n = s.inner_size(), sx = s.inner_stride(0), si = s.inner_stride(1), so = s.inner_stride(2);
    s.for_each_row([&](const int64_t *off) {
      const E *xr = xp + off[0];
      const int64_t *ir = index + off[1];
      E *orow = o + off[2];
      for (int64_t k = 0; k < n; k++) {
        int64_t i = ir[k * si];
        orow[k * so] = xr[k * sx + (i < 0 ? i + x_dim_size : i) * dim_stride];
      }
    });
    return TS_OK;
  });
}

TS_EXPORT int ts_scatter_add(int dtype, int ndim, int dim, const int64_t *meta, const void *src, const int64_t *index,
                             void *out, int64_t out_dim_size) {
  const char *fn = "scatter_add";
  if (int rc = check_dim(fn, ndim, dim, out_dim_size)) return rc;
  if (ndim > 0 && !meta) return fail(TS_ERR_INVALID, "%s: meta is NULL", fn);
  int64_t m[4 * TS_MAX_DIMS];
  std::memcpy(m, meta, sizeof(int64_t) * 4 * ndim);
  int64_t dim_stride = ndim > 0 ? m[3 * ndim + dim] : 0;
  if (ndim > 0) m[3 * ndim + dim] = 0;
  ts::Strided<3> s;
  if (int rc = s.parse(fn, ndim, m)) return rc;
  return dispatch_add(fn, dtype, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *sp = static_cast<const T *>(src);
    T *o = static_cast<T *>(out);
    const int64_t n = s.inner_size(), ss = s.inner_stride(0), si = s.inner_stride(1), so = s.inner_stride(2);
    int rc = TS_OK;
    s.for_each_row([&](const int64_t *off) {
      if (rc) return;
      const T *sr = sp + off[0];
      const int64_t *ir = index + off[1];
      T *orow = o + off[2];
      for (int64_t k = 0; k < n; k++) {
        int64_t i = ir[k * si], j = i < 0 ? i + out_dim_size : i;
        if (j < 0 || j >= out_dim_size) {
          rc = out_of_range(fn, i, dim, out_dim_size);
          return;
        }
        accumulate(orow[k * so + j * dim_stride], sr[k * ss]);
      }
    });
    return rc;
  });
}

TS_EXPORT int ts_index_add(int dtype, int ndim, int dim, const int64_t *meta, const void *src, const int64_t *index,
                           int64_t n_index, void *out, int64_t out_dim_size) {
  const char *fn = "index_add";
  if (int rc = check_dim(fn, ndim, dim, out_dim_size)) return rc;
  if (ndim > 0 && !meta) return fail(TS_ERR_INVALID, "%s: meta is NULL", fn);
  if (ndim > 0 && meta[dim] != n_index)
    return fail(TS_ERR_INVALID, "%s: source size %lld along dim %d != index length %lld", fn, (long long)meta[dim], dim,
                (long long)n_index);
  if (ndim == 0 && n_index != 1)
    return fail(TS_ERR_INVALID, "%s: a 0-d source needs exactly one index, got %lld", fn, (long long)n_index);
  if (int rc = check_index_list(fn, index, n_index, dim, out_dim_size)) return rc;
  ts::Strided<3> s;
  int64_t dim_stride;
  if (int rc = index_list_odometer(fn, ndim, dim, meta, s, &dim_stride)) return rc;
  return dispatch_add(fn, dtype, [&](auto zero) -> int {
    using T = decltype(zero);
    const T *sp = static_cast<const T *>(src);
    T *o = static_cast<T *>(out);
    const int64_t n = s.inner_size(), ss = s.inner_stride(0), si = s.inner_stride(1), so = s.inner_stride(2);
    s.for_each_row([&](const int64_t *off) {
      const T *sr = sp + off[0];
      const int64_t *ir = index + off[1];
      T *orow = o + off[2];
      for (int64_t k = 0; k < n; k++) {
        int64_t i = ir[k * si];
        accumulate(orow[k * so + (i < 0 ? i + out_dim_size : i) * dim_stride], sr[k * ss]);
      }
    });
    return TS_OK;
  });
}
