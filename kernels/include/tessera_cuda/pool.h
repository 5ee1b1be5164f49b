/* tessera_cuda/pool.h: the CUDA pool kernels (conventions: tessera_cuda.h). */
#ifndef TESSERA_CUDA_POOL_H
#define TESSERA_CUDA_POOL_H

#include "device.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
