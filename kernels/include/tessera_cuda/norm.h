/* tessera_cuda/norm.h: the CUDA norm kernels (conventions: tessera_cuda.h). */
#ifndef TESSERA_CUDA_NORM_H
#define TESSERA_CUDA_NORM_H

#include "device.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
