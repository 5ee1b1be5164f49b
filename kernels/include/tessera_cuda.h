/* tessera_cuda.h: the flat C ABI of the CUDA library. The CPU library opens it with dlopen
 * (native/src/cuda_loader.cc) and looks these names up, so nothing here is linked at build time.
 * Return values are cudaError_t codes (0 = success). */
#ifndef TESSERA_CUDA_H
#define TESSERA_CUDA_H

#ifdef __cplusplus
extern "C" {
#endif

/* Number of CUDA devices; returns the cudaError_t of cudaGetDeviceCount. */
int tsc_device_count(int *count);
/* cudaGetErrorName / cudaGetErrorString of a code. */
const char *tsc_error_name(int code);
const char *tsc_error_string(int code);
/* CUDA runtime version this library was built against (e.g. 13000). */
int tsc_runtime_version(void);
/* Driver's CUDA version, 0 when no driver is installed. */
int tsc_driver_version(void);

#ifdef __cplusplus
}
#endif
#endif
