// device.cu: device discovery for the CUDA backend, the first piece of libtessera_cuda. Kernels
// (gemm ladder, elementwise, ...) join this library in later files.
#include <cuda_runtime.h>

#include "tessera_cuda.h"

#define TSC_EXPORT extern "C" __attribute__((visibility("default")))

TSC_EXPORT int tsc_device_count(int *count) {
  *count = 0;
  return static_cast<int>(cudaGetDeviceCount(count));
}

TSC_EXPORT const char *tsc_error_name(int code) {
  return cudaGetErrorName(static_cast<cudaError_t>(code));
}

TSC_EXPORT const char *tsc_error_string(int code) {
  return cudaGetErrorString(static_cast<cudaError_t>(code));
}

TSC_EXPORT int tsc_runtime_version(void) { return CUDART_VERSION; }

TSC_EXPORT int tsc_driver_version(void) {
  int v = 0;
  if (cudaDriverGetVersion(&v) != cudaSuccess) return 0;
  return v;
}
