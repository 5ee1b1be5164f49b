// memory.cc: aligned host blocks for the Java-side pooling allocator, and single-element access.
#include <cstdlib>
#include <cstring>

#include "internal.h"
#include "tessera/memory.h"

TS_EXPORT void *ts_aligned_alloc(int64_t nbytes) {
  if (nbytes < 0) {
    ts::fail(TS_ERR_INVALID, "ts_aligned_alloc: negative size %lld", (long long)nbytes);
    return nullptr;
  }
  // aligned_alloc wants a multiple of the alignment.
  size_t size = ((size_t)nbytes + 63) & ~(size_t)63;
  if (size == 0) size = 64;
  void *p = std::aligned_alloc(64, size);
  if (!p) ts::fail(TS_ERR_ALLOC, "out of host memory allocating %lld bytes", (long long)nbytes);
  return p;
}

TS_EXPORT void ts_aligned_free(void *p) { std::free(p); }

TS_EXPORT void ts_memcpy(void *dst, const void *src, int64_t nbytes) {
  if (nbytes > 0) std::memcpy(dst, src, (size_t)nbytes);
}

TS_EXPORT int ts_fill(int dtype, int64_t n, void *out, double value) {
  return ts::dispatch_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    T v = static_cast<T>(value);
    T *o = static_cast<T *>(out);
    for (int64_t i = 0; i < n; i++) o[i] = v;
    return TS_OK;
  });
}

TS_EXPORT double ts_read_f64(int dtype, const void *p) {
  double r = 0;
  ts::dispatch_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    r = static_cast<double>(*static_cast<const T *>(p));
    return TS_OK;
  });
  return r;
}

TS_EXPORT int64_t ts_read_i64(int dtype, const void *p) {
  int64_t r = 0;
  ts::dispatch_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    r = static_cast<int64_t>(*static_cast<const T *>(p));
    return TS_OK;
  });
  return r;
}

TS_EXPORT void ts_write_f64(int dtype, void *p, double value) {
  ts::dispatch_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    *static_cast<T *>(p) = static_cast<T>(value);
    return TS_OK;
  });
}

TS_EXPORT void ts_write_i64(int dtype, void *p, int64_t value) {
  ts::dispatch_dtype(dtype, [&](auto zero) {
    using T = decltype(zero);
    *static_cast<T *>(p) = static_cast<T>(value);
    return TS_OK;
  });
}
