// cpu.cc: CPU model and SIMD features from cpuid (with the OS's xgetbv check for AVX state), used
// for kernel dispatch and printed by `tessera info`.
#include <cpuid.h>

#include <cstring>
#include <thread>

#include "internal.h"
#include "tessera/cpu.h"

namespace {

uint64_t xgetbv0() {
  uint32_t eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((uint64_t)edx << 32) | eax;
}

int64_t detect() {
  unsigned a, b, c, d;
  int64_t f = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  bool osxsave = c & bit_OSXSAVE;
  if (c & bit_SSE4_2) f |= TS_CPU_SSE42;
  uint64_t xcr0 = osxsave ? xgetbv0() : 0;
  bool ymm = (xcr0 & 0x6) == 0x6;           // SSE and AVX state saved by the OS
  bool zmm = ymm && (xcr0 & 0xe0) == 0xe0;  // opmask and ZMM state too
  if (ymm && (c & bit_AVX)) f |= TS_CPU_AVX;
  if (ymm && (c & bit_FMA)) f |= TS_CPU_FMA;
  if (ymm && (c & bit_F16C)) f |= TS_CPU_F16C;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    if (ymm && (b & bit_AVX2)) f |= TS_CPU_AVX2;
    if (zmm && (b & bit_AVX512F)) f |= TS_CPU_AVX512F;
    if (zmm && (b & bit_AVX512BW)) f |= TS_CPU_AVX512BW;
    if (zmm && (b & bit_AVX512VL)) f |= TS_CPU_AVX512VL;
    if (zmm && (b & bit_AVX512DQ)) f |= TS_CPU_AVX512DQ;
    if (zmm && (c & bit_AVX512VNNI)) f |= TS_CPU_AVX512_VNNI;
  }
  if (__get_cpuid_count(7, 1, &a, &b, &c, &d)) {
    if (zmm && (a & bit_AVX512BF16)) f |= TS_CPU_AVX512_BF16;
    if (ymm && (a & bit_AVXVNNI)) f |= TS_CPU_AVX_VNNI;
  }
  return f;
}

}  // namespace

TS_EXPORT int64_t ts_cpu_features(void) {
  static const int64_t features = detect();
  return features;
}

TS_EXPORT const char *ts_cpu_feature_name(int bit) {
  static const char *const names[TS_CPU_FEATURE_COUNT] = {
      "sse4.2",   "avx",      "avx2",        "fma",         "avx512f",  "avx512bw",
      "avx512vl", "avx512dq", "avx512_bf16", "avx512_vnni", "avx_vnni", "f16c"};
  return bit >= 0 && bit < TS_CPU_FEATURE_COUNT ? names[bit] : nullptr;
}

TS_EXPORT const char *ts_cpu_model(void) {
  static char model[49] = "";
  static bool done = false;
  if (!done) {
    unsigned regs[12] = {0};
    unsigned max_ext = __get_cpuid_max(0x80000000, nullptr);
    if (max_ext >= 0x80000004) {
      for (unsigned i = 0; i < 3; i++)
        __get_cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
      std::memcpy(model, regs, 48);
      model[48] = '\0';
    } else {
      std::strcpy(model, "unknown x86-64");
    }
    // The brand string is padded with spaces on some parts.
    char *start = model;
    while (*start == ' ') start++;
    std::memmove(model, start, std::strlen(start) + 1);
    for (int i = (int)std::strlen(model) - 1; i >= 0 && model[i] == ' '; i--) model[i] = '\0';
    done = true;
  }
  return model;
}

TS_EXPORT int ts_cpu_logical_cores(void) {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : (int)n;
}
