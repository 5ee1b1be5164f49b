/* cpu.h: what this CPU can do, read with cpuid at run time (kernel dispatch and `tessera info`). */
#ifndef TESSERA_CPU_H
#define TESSERA_CPU_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TS_CPU_SSE42 (1 << 0)
#define TS_CPU_AVX (1 << 1)
#define TS_CPU_AVX2 (1 << 2)
#define TS_CPU_FMA (1 << 3)
#define TS_CPU_AVX512F (1 << 4)
#define TS_CPU_AVX512BW (1 << 5)
#define TS_CPU_AVX512VL (1 << 6)
#define TS_CPU_AVX512DQ (1 << 7)
#define TS_CPU_AVX512_BF16 (1 << 8)
#define TS_CPU_AVX512_VNNI (1 << 9)
#define TS_CPU_AVX_VNNI (1 << 10)
#define TS_CPU_F16C (1 << 11)
#define TS_CPU_FEATURE_COUNT 12

int64_t ts_cpu_features(void);
const char *ts_cpu_feature_name(int bit); /* bit index 0..TS_CPU_FEATURE_COUNT-1 */
const char *ts_cpu_model(void);           /* cpuid brand string, trimmed */
int ts_cpu_logical_cores(void);

#ifdef __cplusplus
}
#endif
#endif
