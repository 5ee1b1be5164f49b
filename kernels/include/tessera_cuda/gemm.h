/* tessera_cuda/gemm.h: the CUDA gemm kernels (conventions: tessera_cuda.h). */
#ifndef TESSERA_CUDA_GEMM_H
#define TESSERA_CUDA_GEMM_H

#include "device.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
