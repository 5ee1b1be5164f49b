/* tessera_cuda/elementwise.h: the CUDA elementwise kernels (conventions: tessera_cuda.h). */
#ifndef TESSERA_CUDA_ELEMENTWISE_H
#define TESSERA_CUDA_ELEMENTWISE_H

#include "device.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
