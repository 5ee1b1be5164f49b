// index.cc: gather, scatter and index_select (index.h). They only move elements, so they are
// written once per element size. The indexed operand's stride along `dim` is taken out of the
// odometer and applied with the index value; index_select walks its index as an extra operand
// with stride 1 along `dim`, so coalescing dims never loses the position along dim.
#include <cstring>

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
