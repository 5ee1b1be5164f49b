/* tessera_cuda/loss.h: the CUDA loss kernels (conventions: tessera_cuda.h). */
#ifndef TESSERA_CUDA_LOSS_H
#define TESSERA_CUDA_LOSS_H

#include "device.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
