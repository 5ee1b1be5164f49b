// internal.cuh: what every source of libtessera_cuda shares (never installed, never seen by Java):
// the export macro, error reporting, the strided-layout struct kernels take by value, launch
// sizes and dtype dispatch. Conventions of the ABI: include/tessera_cuda.h.
#ifndef TESSERA_CUDA_INTERNAL_CUH
#define TESSERA_CUDA_INTERNAL_CUH

#include <cuda_runtime.h>

#include <cstdint>

#include "tessera_cuda.h"

#define TSC_EXPORT extern "C" __attribute__((visibility("default")))

namespace tsc {

// Records a printf-style message for tsc_last_error() and returns `code`.
int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Turns a CUDA error into TSC_ERR_CUDA with "op: cudaErrorX (text)" as the message. A sticky
// error (the context is lost after a fault in a kernel) says so, and names the last op queued on
// this thread, which is most likely the one that faulted.
int cuda_fail(cudaError_t err, const char *op);

// Clears the message at the start of a call that succeeds.
void clear_error();

// Remembers the op just queued, for the message of a fault found later.
void note_launch(const char *op);

// After a launch: TS_OK, or the launch error (bad configuration, no kernel image for this GPU...).
inline int launched(const char *op) {
  note_launch(op);
  cudaError_t err = cudaGetLastError();
  return err == cudaSuccess ? TS_OK : cuda_fail(err, op);
}

// Wraps a runtime call: `TSC_TRY(cudaMemsetAsync(...), "fill");` returns the error from the caller.
#define TSC_TRY(call, op)                                   \
  do {                                                      \
    cudaError_t tsc_err_ = (call);                          \
    if (tsc_err_ != cudaSuccess) return ::tsc::cuda_fail(tsc_err_, op); \
  } while (0)

inline cudaStream_t stream_of(int64_t s) { return reinterpret_cast<cudaStream_t>(s); }

template <typename T>
inline T *ptr(int64_t p) { return reinterpret_cast<T *>(p); }

// The strided layout of up to four operands (see TS_MAX_DIMS and the meta convention in
// tessera/common.h), passed to kernels by value: shape, then strides per operand, in elements.
struct Layout {
  int ndim;
  int64_t shape[TS_MAX_DIMS];
  int64_t strides[4][TS_MAX_DIMS];
};

// Unpacks a host `meta` array of (1 + operands) * ndim values; fails on ndim out of range.
int make_layout(const char *op, int ndim, int operands, const int64_t *meta, Layout *out);

// Offset in elements of operand `k` for the flat index i of the iteration space.
__host__ __device__ inline int64_t offset_of(const Layout &l, int k, int64_t i) {
  int64_t off = 0;
  for (int d = l.ndim - 1; d >= 0; --d) {
    int64_t size = l.shape[d];
    off += (i % size) * l.strides[k][d];
    i /= size;
  }
  return off;
}

// Grid size for a grid-stride loop over n items with `threads` per block: enough blocks to fill
// the GPU several times over, never more than the items need.
int grid_for(int64_t n, int threads);

// Calls f(T{}) with the C++ type of `dtype` (BOOL maps to bool, U8 to uint8_t).
template <typename F>
int dispatch_dtype(const char *op, int dtype, F &&f) {
  switch (dtype) {
    case TS_F32: return f(float{});
    case TS_F64: return f(double{});
    case TS_I32: return f(int32_t{});
    case TS_I64: return f(int64_t{});
    case TS_U8: return f(uint8_t{});
    case TS_BOOL: return f(bool{});
    default: return fail(TS_ERR_INVALID, "%s: unknown dtype code %d", op, dtype);
  }
}

// For kernels that only exist for floats: calls f(float{}) or f(double{}).
template <typename F>
int dispatch_float(const char *op, int dtype, F &&f) {
  if (dtype == TS_F32) return f(float{});
  if (dtype == TS_F64) return f(double{});
  return fail(TS_ERR_UNSUPPORTED, "%s: needs f32 or f64, got dtype code %d", op, dtype);
}

}  // namespace tsc

#endif
