/* threads.h: the one native thread pool every parallel kernel shares. Its size comes from
 * TESSERA_NUM_THREADS (default: the logical cores) and can be changed at run time. */
#ifndef TESSERA_THREADS_H
#define TESSERA_THREADS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Threads kernels use (the calling thread included), >= 1. */
int ts_get_num_threads(void);
/* Sets the pool size (n >= 1; larger than the cores is allowed but pointless). */
int ts_set_num_threads(int n);

#ifdef __cplusplus
}
#endif
#endif
