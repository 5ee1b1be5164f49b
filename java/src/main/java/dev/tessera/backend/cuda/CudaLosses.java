// CudaLosses: the fused loss forwards and backwards on the GPU, for CudaBackend (the same contracts as dev.tessera.backend.Backend).
package dev.tessera.backend.cuda;

import dev.tessera.backend.PointwiseLoss;
import dev.tessera.tensor.Tensor;

final class CudaLosses {
    private CudaLosses() {}

    static double crossEntropyForward(CudaBackend be, Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex, Tensor lossPerSample) {
        throw CudaBackend.notWritten("crossEntropyForward");
    }

    static void crossEntropyBackward(CudaBackend be, Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex, Tensor gradLoss, Tensor gradLogits) {
        throw CudaBackend.notWritten("crossEntropyBackward");
    }

    static double nllForward(CudaBackend be, Tensor logProbs, Tensor labels, Tensor weight, long ignoreIndex, Tensor lossPerSample) {
        throw CudaBackend.notWritten("nllForward");
    }

    static void nllBackward(CudaBackend be, Tensor labels, Tensor weight, long ignoreIndex, Tensor gradLoss, Tensor gradLogProbs) {
        throw CudaBackend.notWritten("nllBackward");
    }

    static void bceWithLogitsForward(CudaBackend be, Tensor logits, Tensor target, Tensor posWeight, Tensor loss) {
        throw CudaBackend.notWritten("bceWithLogitsForward");
    }

    static void bceWithLogitsBackward(CudaBackend be, Tensor logits, Tensor target, Tensor posWeight, Tensor gradLoss, Tensor gradLogits, Tensor gradTarget) {
        throw CudaBackend.notWritten("bceWithLogitsBackward");
    }

    static void bceForward(CudaBackend be, Tensor probs, Tensor target, Tensor loss) {
        throw CudaBackend.notWritten("bceForward");
    }

    static void bceBackward(CudaBackend be, Tensor probs, Tensor target, Tensor gradLoss, Tensor gradProbs, Tensor gradTarget) {
        throw CudaBackend.notWritten("bceBackward");
    }

    static void pointwiseLossForward(CudaBackend be, PointwiseLoss kind, Tensor input, Tensor target, double param, Tensor loss) {
        throw CudaBackend.notWritten("pointwiseLossForward");
    }

    static void pointwiseLossBackward(CudaBackend be, PointwiseLoss kind, Tensor input, Tensor target, double param, Tensor gradLoss, Tensor gradInput, Tensor gradTarget) {
        throw CudaBackend.notWritten("pointwiseLossBackward");
    }

    static void klDivForward(CudaBackend be, Tensor input, Tensor target, boolean logTarget, Tensor loss) {
        throw CudaBackend.notWritten("klDivForward");
    }

    static void klDivBackward(CudaBackend be, Tensor input, Tensor target, boolean logTarget, Tensor gradLoss, Tensor gradInput, Tensor gradTarget) {
        throw CudaBackend.notWritten("klDivBackward");
    }
}
