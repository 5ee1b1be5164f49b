// CudaConv: conv2d forward and backward through kernels/conv on the GPU, for CudaBackend (the same contracts as dev.tessera.backend.Backend).
package dev.tessera.backend.cuda;

import dev.tessera.ops.Conv2dParams;
import dev.tessera.tensor.Tensor;

final class CudaConv {
    private CudaConv() {}

    static void conv2dForward(CudaBackend be, int version, Tensor input, Tensor weight, Tensor bias, Conv2dParams params, Tensor output) {
        throw CudaBackend.notWritten("conv2dForward");
    }

    static void conv2dBackwardInput(CudaBackend be, int version, Tensor gradOutput, Tensor weight, Conv2dParams params, Tensor gradInput) {
        throw CudaBackend.notWritten("conv2dBackwardInput");
    }

    static void conv2dBackwardWeight(CudaBackend be, int version, Tensor input, Tensor gradOutput, Conv2dParams params, Tensor gradWeight) {
        throw CudaBackend.notWritten("conv2dBackwardWeight");
    }

    static void conv2dBackwardBias(CudaBackend be, Tensor gradOutput, Tensor gradBias) {
        throw CudaBackend.notWritten("conv2dBackwardBias");
    }
}
