/* memory.h: raw host memory for the CPU allocator (dev.tessera.memory.CpuAllocator pools what
 * these return) and element-level access used by item(), toString() and Java array copies. */
#ifndef TESSERA_MEMORY_H
#define TESSERA_MEMORY_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 64-byte aligned block of at least nbytes (nbytes == 0 gives a valid 64-byte block);
 * NULL with TS_ERR_ALLOC's message on failure. */
void *ts_aligned_alloc(int64_t nbytes);
void ts_aligned_free(void *p);

void ts_memcpy(void *dst, const void *src, int64_t nbytes);

/* Contiguous fill of n elements with value converted to dtype. */
int ts_fill(int dtype, int64_t n, void *out, double value);

/* One element, converted to or from double / int64. */
double ts_read_f64(int dtype, const void *p);
int64_t ts_read_i64(int dtype, const void *p);
void ts_write_f64(int dtype, void *p, double value);
void ts_write_i64(int dtype, void *p, int64_t value);

#ifdef __cplusplus
}
#endif
#endif
