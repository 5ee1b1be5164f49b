/* tessera_cuda/device.h: devices, memory, copies, streams, events and graphs of libtessera_cuda
 * (conventions: tessera_cuda.h). The CUDA backend's Java side (dev.tessera.backend.cuda) is built
 * on these; the kernels of the other headers run on the streams made here. */
#ifndef TESSERA_CUDA_DEVICE_H
#define TESSERA_CUDA_DEVICE_H

#include "tessera/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TSC_ERR_CUDA 10      /* a CUDA runtime error; the message has its name, text and the op */
#define TSC_ERR_NOT_BUILT 11 /* the library was built without a CUDA compiler (kernels/stub) */

/* The message of the last failed call on this thread ("" when none). */
const char *tsc_last_error(void);

/* Whether CUDA can run here. TS_OK with the number of devices (> 0), or an error whose message
 * says exactly why not: library not built, no NVIDIA driver (libcuda.so.1 missing), driver older
 * than the toolkit (both versions named), no device. */
int tsc_probe(int *device_count);

/* CUDA versions as 1000 * major + 10 * minor: the toolkit this library was built with, and the
 * driver's (0 when there is none). */
int tsc_versions(int *runtime_version, int *driver_version);

/* Facts about a device: info[0..7] = compute capability major, minor, multiprocessors, global
 * memory bytes, L2 bytes, opt-in shared memory per block, SM clock kHz, memory bandwidth in
 * bytes/s (from the bus width and memory clock; 0 when the runtime does not report them). `name`
 * receives the device name, NUL-terminated, in at most name_len bytes. */
int tsc_device_info(int device, int64_t *info, char *name, int name_len);

/* Makes `device` current on the calling thread. */
int tsc_set_device(int device);

/* Blocks until every stream of the current device is idle. */
int tsc_device_synchronize(void);

/* Free and total memory of the current device, in bytes. */
int tsc_mem_info(int64_t *free_bytes, int64_t *total_bytes);

/* cudaMalloc / cudaFree on the current device (the caching allocator in Java sits on top). */
int tsc_malloc(int64_t nbytes, int64_t *ptr);
int tsc_free(int64_t ptr);

/* Page-locked host memory (cudaHostAlloc, portable): the staging buffers of host<->device copies. */
int tsc_host_alloc(int64_t nbytes, int64_t *ptr);
int tsc_host_free(int64_t ptr);

/* Asynchronous copy of nbytes between any two addresses (unified addressing tells host from
 * device). From or to pageable host memory the copy is synchronous with respect to the host. */
int tsc_memcpy_async(int64_t stream, int64_t dst, int64_t src, int64_t nbytes);

/* Sets nbytes at dst to the byte `value`. */
int tsc_memset_async(int64_t stream, int64_t dst, int value, int64_t nbytes);

/* Streams: non-blocking with respect to the legacy default stream. */
int tsc_stream_create(int64_t *stream);
int tsc_stream_destroy(int64_t stream);
int tsc_stream_synchronize(int64_t stream);
/* Work queued on `stream` after this call waits for `event`. */
int tsc_stream_wait_event(int64_t stream, int64_t event);

/* Events: timing on when `timing` != 0. */
int tsc_event_create(int timing, int64_t *event);
int tsc_event_destroy(int64_t event);
int tsc_event_record(int64_t event, int64_t stream);
int tsc_event_synchronize(int64_t event);
/* done = 1 when the work before the event has finished, else 0. */
int tsc_event_query(int64_t event, int *done);
int tsc_event_elapsed_ms(int64_t start, int64_t end, float *ms);

/* CUDA Graphs: capture everything queued on `stream` between begin and end into an executable
 * graph, replay it with launch. The stream must not be the legacy default stream. */
int tsc_graph_begin_capture(int64_t stream);
int tsc_graph_end_capture(int64_t stream, int64_t *graph_exec);
int tsc_graph_launch(int64_t graph_exec, int64_t stream);
int tsc_graph_destroy(int64_t graph_exec);

#ifdef __cplusplus
}
#endif
#endif
