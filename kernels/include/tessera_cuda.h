/* tessera_cuda.h: the flat C ABI of libtessera_cuda, one header per kernel family under
 * tessera_cuda/. The Java bridge (dev.tessera.bridge.TesseraCuda) includes this file.
 *
 * Conventions, shared with the CPU ABI (native/include/tessera/common.h, whose dtype codes, op
 * codes and strided `meta` layout are used unchanged):
 *  - every function returns a status: TS_OK, a TS_ERR_* code, TSC_ERR_CUDA (the message holds the
 *    CUDA error's name and text and the op) or TSC_ERR_NOT_BUILT; tsc_last_error() has the message;
 *  - kernels are queued on `stream` (a cudaStream_t as an integer, 0 = the legacy default stream)
 *    on the calling thread's current device (tsc_set_device) and never synchronise; a fault inside
 *    a kernel surfaces at the next synchronising call, whose message names the last op queued;
 *  - device pointers travel as int64_t; every operand pointer of a kernel is a device pointer
 *    unless its name ends in _host.
 * When the library is built without a CUDA compiler, kernels/stub generates every function of
 * these headers returning TSC_ERR_NOT_BUILT, so the Java bridge always links. */
#ifndef TESSERA_CUDA_ALL_H
#define TESSERA_CUDA_ALL_H

#include "tessera_cuda/device.h"
#include "tessera_cuda/elementwise.h"
#include "tessera_cuda/reduce.h"
#include "tessera_cuda/index.h"
#include "tessera_cuda/loss.h"
#include "tessera_cuda/optim.h"
#include "tessera_cuda/gemm.h"
#include "tessera_cuda/conv.h"
#include "tessera_cuda/pool.h"
#include "tessera_cuda/norm.h"
#include "tessera_cuda/rnn.h"

#endif
