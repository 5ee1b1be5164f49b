// CudaPooling: max, average and adaptive average pooling through kernels/pool on the GPU, for CudaBackend (the same contracts as dev.tessera.backend.Backend).
package dev.tessera.backend.cuda;

import dev.tessera.ops.PoolWindow;
import dev.tessera.tensor.Tensor;

final class CudaPooling {
    private CudaPooling() {}

    static void maxPool2dForward(CudaBackend be, Tensor x, PoolWindow window, Tensor out, Tensor indices) {
        throw CudaBackend.notWritten("maxPool2dForward");
    }

    static void maxPool2dBackward(CudaBackend be, Tensor gradOut, Tensor indices, Tensor gradInput) {
        throw CudaBackend.notWritten("maxPool2dBackward");
    }

    static void avgPool2dForward(CudaBackend be, Tensor x, PoolWindow window, boolean countIncludePad, Tensor out) {
        throw CudaBackend.notWritten("avgPool2dForward");
    }

    static void avgPool2dBackward(CudaBackend be, Tensor gradOut, PoolWindow window, boolean countIncludePad, Tensor gradInput) {
        throw CudaBackend.notWritten("avgPool2dBackward");
    }

    static void adaptiveAvgPool2dForward(CudaBackend be, Tensor x, Tensor out) {
        throw CudaBackend.notWritten("adaptiveAvgPool2dForward");
    }

    static void adaptiveAvgPool2dBackward(CudaBackend be, Tensor gradOut, Tensor gradInput) {
        throw CudaBackend.notWritten("adaptiveAvgPool2dBackward");
    }
}
