/* threads.h: the one native thread pool every parallel kernel shares. Its size comes from
 * TESSERA_NUM_THREADS (default: the logical cores) and can be changed at run time; deterministic
 * mode (TESSERA_DETERMINISTIC=1) fixes how kernels split their work, whatever that size. */
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
/* 0 normally; in deterministic mode, the fixed number of parts every kernel splits its work into
 * whatever the pool size (so results never depend on TESSERA_NUM_THREADS). */
int ts_get_deterministic(void);
/* Turns deterministic mode on (non-zero) or off; TESSERA_DETERMINISTIC=1 turns it on at start-up. */
int ts_set_deterministic(int on);

#ifdef __cplusplus
}
#endif
#endif
