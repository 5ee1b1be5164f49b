/* tessera_cuda/rnn.h: the CUDA rnn kernels (conventions: tessera_cuda.h). */
#ifndef TESSERA_CUDA_RNN_H
#define TESSERA_CUDA_RNN_H

#include "device.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
