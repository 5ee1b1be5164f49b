/* peak.h: what this machine can do at best, measured (not looked up): the FP32 FMA throughput of
 * one core in a register-only loop, and memory bandwidth with STREAM-style copy and triad. Kernel
 * benchmarks report "% of peak" against these. */
#ifndef TESSERA_PEAK_H
#define TESSERA_PEAK_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* FP32 GFLOP/s of one core (an FMA counts as 2 flops), with the widest vector unit the CPU has;
 * best of a few runs of about `millis` milliseconds each. */
double ts_peak_fma_gflops(int millis);

/* Memory bandwidth in GB/s (1e9 bytes) over arrays of `bytes` each: kind 0 = copy (a = b, counts
 * 2 arrays), kind 1 = triad (a = b + s * c, counts 3 arrays); best of `repeats`; all pool threads
 * take part. Returns a negative value and sets ts_last_error() on bad arguments. */
double ts_stream_gbps(int kind, int64_t bytes, int repeats);

#ifdef __cplusplus
}
#endif
#endif
