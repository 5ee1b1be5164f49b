// device.cu: the device layer of libtessera_cuda (tessera_cuda/device.h): the probe that says why
// CUDA can't run, device facts, raw and page-locked memory, copies, streams, events, graphs, and
// the error reporting every other source uses (internal.cuh).
#include <dlfcn.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "internal.cuh"

namespace {
thread_local char last_error[768] = "";
thread_local const char *last_op = nullptr;

// cudaError_t values that leave the context unusable: every later call fails the same way.
bool is_sticky(cudaError_t err) {
  switch (err) {
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchFailure:
    case cudaErrorHardwareStackError:
    case cudaErrorIllegalInstruction:
    case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorAssert:
    case cudaErrorLaunchTimeout:
      return true;
    default:
      return false;
  }
}
}  // namespace

namespace tsc {

int fail(int code, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vsnprintf(last_error, sizeof last_error, fmt, args);
  va_end(args);
  return code;
}

void clear_error() { last_error[0] = '\0'; }

void note_launch(const char *op) { last_op = op; }

int cuda_fail(cudaError_t err, const char *op) {
  cudaGetLastError();  // clear a non-sticky error so the next call starts clean
  if (is_sticky(err))
    return fail(TSC_ERR_CUDA,
                "%s: %s (%s); the CUDA context is lost, most likely by the last kernel queued on "
                "this thread (%s); restart the process to use the GPU again",
                op, cudaGetErrorName(err), cudaGetErrorString(err), last_op ? last_op : "none");
  return fail(TSC_ERR_CUDA, "%s: %s (%s)", op, cudaGetErrorName(err), cudaGetErrorString(err));
}

int make_layout(const char *op, int ndim, int operands, const int64_t *meta, Layout *out) {
  if (ndim < 0 || ndim > TS_MAX_DIMS)
    return fail(TS_ERR_INVALID, "%s: rank %d outside 0..%d", op, ndim, TS_MAX_DIMS);
  if (operands < 1 || operands > 4)
    return fail(TS_ERR_INVALID, "%s: %d operands (the layout holds 1 to 4)", op, operands);
  out->ndim = ndim;
  for (int d = 0; d < ndim; ++d) out->shape[d] = meta[d];
  for (int k = 0; k < operands; ++k)
    for (int d = 0; d < ndim; ++d) out->strides[k][d] = meta[(1 + k) * ndim + d];
  return TS_OK;
}

int grid_for(int64_t n, int threads) {
  static thread_local int sms = 0;
  if (sms == 0) {
    int dev = 0;
    if (cudaGetDevice(&dev) != cudaSuccess ||
        cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev) != cudaSuccess)
      sms = 1;
  }
  int64_t needed = (n + threads - 1) / threads;
  int64_t cap = int64_t(sms) * 32;
  if (needed < 1) needed = 1;
  return int(needed < cap ? needed : cap);
}

}  // namespace tsc

TSC_EXPORT const char *tsc_last_error(void) { return last_error; }

TSC_EXPORT int tsc_probe(int *device_count) {
  *device_count = 0;
  // cudart (linked statically) reports a missing driver and a too-old one alike; tell them apart.
  void *driver = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!driver)
    return tsc::fail(TS_ERR_UNSUPPORTED, "no NVIDIA driver: libcuda.so.1 could not be loaded (%s)",
                     dlerror());
  dlclose(driver);
  cudaError_t err = cudaGetDeviceCount(device_count);
  if (err == cudaErrorInsufficientDriver) {
    int driver_version = 0;
    cudaDriverGetVersion(&driver_version);
    return tsc::fail(TS_ERR_UNSUPPORTED,
                     "the NVIDIA driver supports CUDA %d.%d, older than this library's toolkit %d.%d",
                     driver_version / 1000, driver_version % 1000 / 10, CUDART_VERSION / 1000,
                     CUDART_VERSION % 1000 / 10);
  }
  if (err == cudaErrorNoDevice || (err == cudaSuccess && *device_count == 0)) {
    *device_count = 0;
    return tsc::fail(TS_ERR_UNSUPPORTED, "no CUDA device found (the driver is installed)");
  }
  if (err != cudaSuccess) return tsc::cuda_fail(err, "probe");
  tsc::clear_error();
  return TS_OK;
}

TSC_EXPORT int tsc_versions(int *runtime_version, int *driver_version) {
  *runtime_version = CUDART_VERSION;
  *driver_version = 0;
  cudaDriverGetVersion(driver_version);
  cudaGetLastError();
  return TS_OK;
}

TSC_EXPORT int tsc_device_info(int device, int64_t *info, char *name, int name_len) {
  cudaDeviceProp p;
  TSC_TRY(cudaGetDeviceProperties(&p, device), "device_info");
  int clock_khz = 0, mem_clock_khz = 0, bus_bits = 0;
  // Removed from cudaDeviceProp in CUDA 13; the attributes remain (0 when not reported).
  cudaDeviceGetAttribute(&clock_khz, cudaDevAttrClockRate, device);
  cudaDeviceGetAttribute(&mem_clock_khz, cudaDevAttrMemoryClockRate, device);
  cudaDeviceGetAttribute(&bus_bits, cudaDevAttrGlobalMemoryBusWidth, device);
  cudaGetLastError();
  info[0] = p.major;
  info[1] = p.minor;
  info[2] = p.multiProcessorCount;
  info[3] = int64_t(p.totalGlobalMem);
  info[4] = p.l2CacheSize;
  info[5] = int64_t(p.sharedMemPerBlockOptin);
  info[6] = clock_khz;
  // double data rate: two transfers per memory clock
  info[7] = int64_t(2.0 * mem_clock_khz * 1000.0 * (bus_bits / 8));
  if (name && name_len > 0) {
    std::strncpy(name, p.name, size_t(name_len) - 1);
    name[name_len - 1] = '\0';
  }
  return TS_OK;
}

TSC_EXPORT int tsc_set_device(int device) {
  TSC_TRY(cudaSetDevice(device), "set_device");
  return TS_OK;
}

TSC_EXPORT int tsc_device_synchronize(void) {
  TSC_TRY(cudaDeviceSynchronize(), "synchronize");
  return TS_OK;
}

TSC_EXPORT int tsc_mem_info(int64_t *free_bytes, int64_t *total_bytes) {
  size_t f = 0, t = 0;
  TSC_TRY(cudaMemGetInfo(&f, &t), "mem_info");
  *free_bytes = int64_t(f);
  *total_bytes = int64_t(t);
  return TS_OK;
}

TSC_EXPORT int tsc_malloc(int64_t nbytes, int64_t *ptr) {
  void *p = nullptr;
  cudaError_t err = cudaMalloc(&p, size_t(nbytes));
  if (err == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    return tsc::fail(TS_ERR_ALLOC, "cudaMalloc of %lld bytes: out of device memory",
                     (long long)nbytes);
  }
  if (err != cudaSuccess) return tsc::cuda_fail(err, "cudaMalloc");
  *ptr = reinterpret_cast<int64_t>(p);
  return TS_OK;
}

TSC_EXPORT int tsc_free(int64_t ptr) {
  TSC_TRY(cudaFree(tsc::ptr<void>(ptr)), "cudaFree");
  return TS_OK;
}

TSC_EXPORT int tsc_host_alloc(int64_t nbytes, int64_t *ptr) {
  void *p = nullptr;
  cudaError_t err = cudaHostAlloc(&p, size_t(nbytes), cudaHostAllocPortable);
  if (err == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    return tsc::fail(TS_ERR_ALLOC, "cudaHostAlloc of %lld bytes: out of page-locked memory",
                     (long long)nbytes);
  }
  if (err != cudaSuccess) return tsc::cuda_fail(err, "cudaHostAlloc");
  *ptr = reinterpret_cast<int64_t>(p);
  return TS_OK;
}

TSC_EXPORT int tsc_host_free(int64_t ptr) {
  TSC_TRY(cudaFreeHost(tsc::ptr<void>(ptr)), "cudaFreeHost");
  return TS_OK;
}

TSC_EXPORT int tsc_memcpy_async(int64_t stream, int64_t dst, int64_t src, int64_t nbytes) {
  if (nbytes == 0) return TS_OK;
  TSC_TRY(cudaMemcpyAsync(tsc::ptr<void>(dst), tsc::ptr<const void>(src), size_t(nbytes),
                          cudaMemcpyDefault, tsc::stream_of(stream)),
          "memcpy");
  return TS_OK;
}

TSC_EXPORT int tsc_memset_async(int64_t stream, int64_t dst, int value, int64_t nbytes) {
  if (nbytes == 0) return TS_OK;
  TSC_TRY(cudaMemsetAsync(tsc::ptr<void>(dst), value, size_t(nbytes), tsc::stream_of(stream)),
          "memset");
  return TS_OK;
}

TSC_EXPORT int tsc_stream_create(int64_t *stream) {
  cudaStream_t s = nullptr;
  TSC_TRY(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking), "stream_create");
  *stream = reinterpret_cast<int64_t>(s);
  return TS_OK;
}

TSC_EXPORT int tsc_stream_destroy(int64_t stream) {
  TSC_TRY(cudaStreamDestroy(tsc::stream_of(stream)), "stream_destroy");
  return TS_OK;
}

TSC_EXPORT int tsc_stream_synchronize(int64_t stream) {
  TSC_TRY(cudaStreamSynchronize(tsc::stream_of(stream)), "synchronize");
  return TS_OK;
}

TSC_EXPORT int tsc_stream_wait_event(int64_t stream, int64_t event) {
  TSC_TRY(cudaStreamWaitEvent(tsc::stream_of(stream), reinterpret_cast<cudaEvent_t>(event), 0),
          "stream_wait_event");
  return TS_OK;
}

TSC_EXPORT int tsc_event_create(int timing, int64_t *event) {
  cudaEvent_t e = nullptr;
  TSC_TRY(cudaEventCreateWithFlags(&e, timing ? cudaEventDefault : cudaEventDisableTiming),
          "event_create");
  *event = reinterpret_cast<int64_t>(e);
  return TS_OK;
}

TSC_EXPORT int tsc_event_destroy(int64_t event) {
  TSC_TRY(cudaEventDestroy(reinterpret_cast<cudaEvent_t>(event)), "event_destroy");
  return TS_OK;
}

TSC_EXPORT int tsc_event_record(int64_t event, int64_t stream) {
  TSC_TRY(cudaEventRecord(reinterpret_cast<cudaEvent_t>(event), tsc::stream_of(stream)),
          "event_record");
  return TS_OK;
}

TSC_EXPORT int tsc_event_synchronize(int64_t event) {
  TSC_TRY(cudaEventSynchronize(reinterpret_cast<cudaEvent_t>(event)), "synchronize");
  return TS_OK;
}

TSC_EXPORT int tsc_event_query(int64_t event, int *done) {
  cudaError_t err = cudaEventQuery(reinterpret_cast<cudaEvent_t>(event));
  if (err == cudaErrorNotReady) {
    cudaGetLastError();
    *done = 0;
    return TS_OK;
  }
  if (err != cudaSuccess) return tsc::cuda_fail(err, "event_query");
  *done = 1;
  return TS_OK;
}

TSC_EXPORT int tsc_event_elapsed_ms(int64_t start, int64_t end, float *ms) {
  TSC_TRY(cudaEventElapsedTime(ms, reinterpret_cast<cudaEvent_t>(start),
                               reinterpret_cast<cudaEvent_t>(end)),
          "event_elapsed");
  return TS_OK;
}

TSC_EXPORT int tsc_graph_begin_capture(int64_t stream) {
  if (stream == 0)
    return tsc::fail(TS_ERR_INVALID, "graph capture: the legacy default stream can't be captured");
  TSC_TRY(cudaStreamBeginCapture(tsc::stream_of(stream), cudaStreamCaptureModeThreadLocal),
          "graph_begin_capture");
  return TS_OK;
}

TSC_EXPORT int tsc_graph_end_capture(int64_t stream, int64_t *graph_exec) {
  cudaGraph_t graph = nullptr;
  TSC_TRY(cudaStreamEndCapture(tsc::stream_of(stream), &graph), "graph_end_capture");
  cudaGraphExec_t exec = nullptr;
  cudaError_t err = cudaGraphInstantiate(&exec, graph, 0);
  cudaGraphDestroy(graph);
  if (err != cudaSuccess) return tsc::cuda_fail(err, "graph_instantiate");
  *graph_exec = reinterpret_cast<int64_t>(exec);
  return TS_OK;
}

TSC_EXPORT int tsc_graph_launch(int64_t graph_exec, int64_t stream) {
  TSC_TRY(cudaGraphLaunch(reinterpret_cast<cudaGraphExec_t>(graph_exec), tsc::stream_of(stream)),
          "graph_launch");
  tsc::note_launch("graph_launch");
  return TS_OK;
}

TSC_EXPORT int tsc_graph_destroy(int64_t graph_exec) {
  TSC_TRY(cudaGraphExecDestroy(reinterpret_cast<cudaGraphExec_t>(graph_exec)), "graph_destroy");
  return TS_OK;
}
