/* tessera_cuda/reduce.h: the CUDA reduce kernels (conventions: tessera_cuda.h). */
#ifndef TESSERA_CUDA_REDUCE_H
#define TESSERA_CUDA_REDUCE_H

#include "device.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
