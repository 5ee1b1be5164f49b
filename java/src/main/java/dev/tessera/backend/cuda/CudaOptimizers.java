// CudaOptimizers: the fused optimizer steps (SGD, Adam/AdamW, RMSprop, Adagrad) on the GPU, for CudaBackend (the same contracts as dev.tessera.backend.Backend).
package dev.tessera.backend.cuda;

import dev.tessera.tensor.Tensor;

final class CudaOptimizers {
    private CudaOptimizers() {}

    static void sgdStep(CudaBackend be, Tensor param, Tensor grad, Tensor momentumBuf, double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        throw CudaBackend.notWritten("sgdStep");
    }

    static void adamStep(CudaBackend be, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, long step, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        throw CudaBackend.notWritten("adamStep");
    }

    static void rmspropStep(CudaBackend be, Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor momentumBuf, double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        throw CudaBackend.notWritten("rmspropStep");
    }

    static void adagradStep(CudaBackend be, Tensor param, Tensor grad, Tensor stateSum, long step, double lr, double lrDecay, double weightDecay, double eps) {
        throw CudaBackend.notWritten("adagradStep");
    }
}
