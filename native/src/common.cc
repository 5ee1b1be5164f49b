// common.cc: the thread-local error message, version and dtype names of the C ABI.
#include <cstdarg>
#include <cstdio>

#include "internal.h"

#ifndef TESSERA_VERSION
#define TESSERA_VERSION "dev"
#endif

namespace {
thread_local char last_error[512] = "";
}

namespace ts {

int fail(int code, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vsnprintf(last_error, sizeof last_error, fmt, args);
  va_end(args);
  return code;
}

void clear_error() { last_error[0] = '\0'; }

const char *dtype_name(int dtype) {
  static const char *const names[TS_DTYPE_COUNT] = {"f32", "f64", "i32", "i64", "u8", "bool"};
  return dtype >= 0 && dtype < TS_DTYPE_COUNT ? names[dtype] : nullptr;
}

int dtype_size(int dtype) {
  static const int sizes[TS_DTYPE_COUNT] = {4, 8, 4, 8, 1, 1};
  return dtype >= 0 && dtype < TS_DTYPE_COUNT ? sizes[dtype] : 0;
}

}  // namespace ts

TS_EXPORT const char *ts_last_error(void) { return last_error; }
TS_EXPORT const char *ts_version(void) { return TESSERA_VERSION; }
TS_EXPORT const char *ts_dtype_name(int dtype) { return ts::dtype_name(dtype); }
