// peak.cc: measured machine peaks (peak.h). The FMA loop keeps 12 independent accumulators in
// vector registers, enough to cover the FMA latency on every x86 core we target, so the loop runs
// at the FMA units' throughput; its result is summed and returned so the compiler can't drop it.
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "internal.h"
#include "thread_pool.h"
#include "tessera/cpu.h"
#include "tessera/peak.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kAccumulators = 12;

// Each runs `iters` rounds of kAccumulators FMAs on its vector width and returns a checksum.
__attribute__((target("avx512f"))) float fma_avx512(long iters) {
  __m512 acc[kAccumulators];
  for (int i = 0; i < kAccumulators; i++) acc[i] = _mm512_set1_ps(1.0f + i * 1e-3f);
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (long it = 0; it < iters; it++)
    for (int i = 0; i < kAccumulators; i++) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  __m512 s = acc[0];
  for (int i = 1; i < kAccumulators; i++) s = _mm512_add_ps(s, acc[i]);
  float out[16];
  _mm512_storeu_ps(out, s);
  float sum = 0;
  for (float v : out) sum += v;
  return sum;
}

__attribute__((target("avx2,fma"))) float fma_avx2(long iters) {
  __m256 acc[kAccumulators];
  for (int i = 0; i < kAccumulators; i++) acc[i] = _mm256_set1_ps(1.0f + i * 1e-3f);
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  for (long it = 0; it < iters; it++)
    for (int i = 0; i < kAccumulators; i++) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
  __m256 s = acc[0];
  for (int i = 1; i < kAccumulators; i++) s = _mm256_add_ps(s, acc[i]);
  float out[8];
  _mm256_storeu_ps(out, s);
  return out[0] + out[1] + out[2] + out[3] + out[4] + out[5] + out[6] + out[7];
}

// Without FMA: a multiply and an add per lane (2 flops) on SSE vectors.
float mul_add_sse(long iters) {
  __m128 acc[kAccumulators];
  for (int i = 0; i < kAccumulators; i++) acc[i] = _mm_set1_ps(1.0f + i * 1e-3f);
  const __m128 a = _mm_set1_ps(0.999999f), b = _mm_set1_ps(1e-7f);
  for (long it = 0; it < iters; it++)
    for (int i = 0; i < kAccumulators; i++) acc[i] = _mm_add_ps(_mm_mul_ps(acc[i], a), b);
  float out[4];
  __m128 s = acc[0];
  for (int i = 1; i < kAccumulators; i++) s = _mm_add_ps(s, acc[i]);
  _mm_storeu_ps(out, s);
  return out[0] + out[1] + out[2] + out[3];
}

volatile float sink;

}  // namespace

TS_EXPORT double ts_peak_fma_gflops(int millis) {
  const int64_t f = ts_cpu_features();
  int lanes;
  float (*kernel)(long);
  if (f & TS_CPU_AVX512F) lanes = 16, kernel = fma_avx512;
  else if ((f & TS_CPU_AVX2) && (f & TS_CPU_FMA)) lanes = 8, kernel = fma_avx2;
  else lanes = 4, kernel = mul_add_sse;
  const double flops_per_iter = 2.0 * lanes * kAccumulators;
  // Calibrate to about `millis` ms, then keep the best of three runs.
  long iters = 1 << 16;
  for (;;) {
    auto t0 = Clock::now();
    sink = kernel(iters);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (ms > std::max(1, millis) / 4.0 || iters > (1L << 34)) break;
    iters *= 2;
  }
  iters *= 4;
  double best = 0;
  for (int run = 0; run < 3; run++) {
    auto t0 = Clock::now();
    sink = kernel(iters);
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    best = std::max(best, flops_per_iter * (double)iters / s / 1e9);
  }
  return best;
}

TS_EXPORT double ts_stream_gbps(int kind, int64_t bytes, int repeats) {
  if (kind != 0 && kind != 1) return ts::fail(TS_ERR_INVALID, "stream: kind must be 0 (copy) or 1 (triad), got %d", kind), -1;
  if (bytes < 4096 || repeats < 1)
    return ts::fail(TS_ERR_INVALID, "stream: need bytes >= 4096 and repeats >= 1, got %lld and %d", (long long)bytes, repeats),
           -1;
  const int64_t n = bytes / (int64_t)sizeof(double);
  std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
  const double s = 3.0;
  auto pass = [&] {
    ts::parallel_range(n, 1 << 16, [&](int64_t lo, int64_t hi) {
      if (kind == 0) std::memcpy(&a[lo], &b[lo], (size_t)(hi - lo) * sizeof(double));
      else
        for (int64_t i = lo; i < hi; i++) a[i] = b[i] + s * c[i];
    });
  };
  pass();  // first touch
  double best = 0;
  for (int r = 0; r < repeats; r++) {
    auto t0 = Clock::now();
    pass();
    double sec = std::chrono::duration<double>(Clock::now() - t0).count();
    best = std::max(best, (kind == 0 ? 2.0 : 3.0) * (double)n * sizeof(double) / sec / 1e9);
  }
  sink = (float)a[n / 2];
  return best;
}
