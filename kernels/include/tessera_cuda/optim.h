/* tessera_cuda/optim.h: the CUDA optim kernels (conventions: tessera_cuda.h). */
#ifndef TESSERA_CUDA_OPTIM_H
#define TESSERA_CUDA_OPTIM_H

#include "device.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
