// internal.h: helpers shared by the CPU library's sources (never installed, never seen by Java):
// the export macro, error reporting and dtype dispatch.
#ifndef TESSERA_INTERNAL_H
#define TESSERA_INTERNAL_H

#include <cstdint>

#include "tessera/common.h"

#define TS_EXPORT extern "C" __attribute__((visibility("default")))

namespace ts {

// Records a printf-style message for ts_last_error() and returns `code`, so a kernel can write
// `return fail(TS_ERR_INVALID, "gather: index %lld out of range", i);`.
int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Clears the message at the start of a call that succeeds.
void clear_error();

const char *dtype_name(int dtype);

// Bytes per element of a dtype code, 0 for an unknown code.
int dtype_size(int dtype);

// Calls f(T{}) with the C++ type of `dtype`; returns TS_ERR_INVALID for an unknown code.
// BOOL maps to bool (one byte, 0/1), U8 to uint8_t.
template <typename F>
int dispatch_dtype(int dtype, F &&f) {
  switch (dtype) {
    case TS_F32: return f(float{});
    case TS_F64: return f(double{});
    case TS_I32: return f(int32_t{});
    case TS_I64: return f(int64_t{});
    case TS_U8: return f(uint8_t{});
    case TS_BOOL: return f(bool{});
    default: return fail(TS_ERR_INVALID, "unknown dtype code %d", dtype);
  }
}

// For kernels that only exist for floats: checks n >= 0 and calls f(float{}) or f(double{});
// other dtypes fail with a message naming `fn`.
template <typename F>
int dispatch_float(const char *fn, int dtype, int64_t n, F &&f) {
  if (n < 0) return fail(TS_ERR_INVALID, "%s: negative size %lld", fn, (long long)n);
  if (dtype == TS_F32) return f(float{});
  if (dtype == TS_F64) return f(double{});
  const char *dn = dtype_name(dtype);
  if (!dn) return fail(TS_ERR_INVALID, "%s: unknown dtype code %d", fn, dtype);
  return fail(TS_ERR_UNSUPPORTED, "%s: needs f32 or f64, got %s", fn, dn);
}

}  // namespace ts

#endif
