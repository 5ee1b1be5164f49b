/* tessera_cuda/index.h: the CUDA index kernels (conventions: tessera_cuda.h). */
#ifndef TESSERA_CUDA_INDEX_H
#define TESSERA_CUDA_INDEX_H

#include "device.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
