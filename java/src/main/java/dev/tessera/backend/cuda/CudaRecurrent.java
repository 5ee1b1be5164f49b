// CudaRecurrent: the fused LSTM, GRU and Elman cell kernels of kernels/lstm on the GPU, for CudaBackend (the same contracts as dev.tessera.backend.Backend).
package dev.tessera.backend.cuda;

import dev.tessera.tensor.Tensor;

final class CudaRecurrent {
    private CudaRecurrent() {}

    static void lstmCellForward(CudaBackend be, Tensor gates, Tensor biasIh, Tensor biasHh, Tensor cPrev, Tensor h, Tensor c, Tensor saved) {
        throw CudaBackend.notWritten("lstmCellForward");
    }

    static void lstmCellBackward(CudaBackend be, Tensor gradH, Tensor gradC, Tensor cPrev, Tensor saved, Tensor gradGates, Tensor gradCPrev) {
        throw CudaBackend.notWritten("lstmCellBackward");
    }

    static void gruCellForward(CudaBackend be, Tensor gatesX, Tensor gatesH, Tensor biasIh, Tensor biasHh, Tensor hPrev, Tensor h, Tensor saved) {
        throw CudaBackend.notWritten("gruCellForward");
    }

    static void gruCellBackward(CudaBackend be, Tensor gradH, Tensor hPrev, Tensor saved, Tensor gradGatesX, Tensor gradGatesH, Tensor gradHPrev) {
        throw CudaBackend.notWritten("gruCellBackward");
    }

    static void rnnCellForward(CudaBackend be, boolean relu, Tensor gates, Tensor biasIh, Tensor biasHh, Tensor h) {
        throw CudaBackend.notWritten("rnnCellForward");
    }

    static void rnnCellBackward(CudaBackend be, boolean relu, Tensor gradH, Tensor h, Tensor gradGates) {
        throw CudaBackend.notWritten("rnnCellBackward");
    }
}
