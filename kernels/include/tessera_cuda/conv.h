/* tessera_cuda/conv.h: the CUDA conv kernels (conventions: tessera_cuda.h). */
#ifndef TESSERA_CUDA_CONV_H
#define TESSERA_CUDA_CONV_H

#include "device.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
