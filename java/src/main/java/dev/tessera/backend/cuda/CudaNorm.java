// CudaNorm: batch norm and layer norm on the GPU, for CudaBackend (the same contracts as dev.tessera.backend.Backend).
package dev.tessera.backend.cuda;

import dev.tessera.tensor.Tensor;

final class CudaNorm {
    private CudaNorm() {}

    static void batchNormForward(CudaBackend be, Tensor x, Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, boolean training, double momentum, double eps, Tensor out, Tensor saveMean, Tensor saveInvstd) {
        throw CudaBackend.notWritten("batchNormForward");
    }

    static void batchNormBackward(CudaBackend be, Tensor x, Tensor gradOut, Tensor weight, Tensor saveMean, Tensor saveInvstd, boolean training, Tensor gradInput, Tensor gradWeight, Tensor gradBias) {
        throw CudaBackend.notWritten("batchNormBackward");
    }

    static void layerNormForward(CudaBackend be, Tensor x, long cols, Tensor weight, Tensor bias, double eps, Tensor out, Tensor saveMean, Tensor saveInvstd) {
        throw CudaBackend.notWritten("layerNormForward");
    }

    static void layerNormBackward(CudaBackend be, Tensor x, long cols, Tensor gradOut, Tensor weight, Tensor saveMean, Tensor saveInvstd, Tensor gradInput, Tensor gradWeight, Tensor gradBias) {
        throw CudaBackend.notWritten("layerNormBackward");
    }
}
