/* cuda_loader.h: the CPU library opens the optional CUDA library (built from kernels/ when nvcc
 * was found) with dlopen, so one JNI bridge serves both and a machine without CUDA still loads. */
#ifndef TESSERA_CUDA_LOADER_H
#define TESSERA_CUDA_LOADER_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Opens the CUDA library at `path` and asks it for devices. Returns the number of usable devices
 * (>= 0), or -1 with the reason in ts_last_error() (library missing, no NVIDIA driver, driver
 * older than the toolkit, no device...). Safe to call more than once. */
int ts_cuda_probe(const char *path);

#ifdef __cplusplus
}
#endif
#endif
