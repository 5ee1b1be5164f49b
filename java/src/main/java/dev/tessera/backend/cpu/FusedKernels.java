// FusedKernels: the CPU side of Backend's fused losses and optimizer steps (native loss.h and
// optim.h). Callers (nn losses, optim) have checked the semantics; what is checked here is what
// keeps the native code inside its buffers: contiguity, one float dtype, matching element counts,
// I64 labels. A violation is an IllegalArgumentException naming the kernel and the tensor.
package dev.tessera.backend.cpu;

import dev.tessera.backend.PointwiseLoss;
import dev.tessera.bridge.TesseraNative;
import dev.tessera.tensor.DType;
import dev.tessera.tensor.Tensor;

final class FusedKernels {
    private FusedKernels() {}

    /** Where the cross-entropy / nll forwards hand back the total weight, without a per-call array. */
    private static final ThreadLocal<double[]> TOTAL_WEIGHT = ThreadLocal.withInitial(() -> new double[1]);

    // ------------------------------------------------------------------ checks

    /** A contiguous tensor of {@code dtype} with {@code numel} elements (numel < 0: any count). */
    private static long need(String op, String what, Tensor t, DType dtype, long numel) {
        if (t == null) throw new NullPointerException(op + ": " + what + " is null");
        if (!t.isContiguous()) throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must be contiguous");
        if (t.dtype() != dtype) throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must be " + dtype);
        if (numel >= 0 && t.numel() != numel) {
            throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must have " + numel + " elements");
        }
        return t.address(op);
    }

    /** As need, or 0 (NULL) for an absent optional tensor. */
    private static long optional(String op, String what, Tensor t, DType dtype, long numel) {
        return t == null ? 0 : need(op, what, t, dtype, numel);
    }

    private static DType floating(String op, String what, Tensor t) {
        if (t == null) throw new NullPointerException(op + ": " + what + " is null");
        if (!t.dtype().isFloat()) throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " must be f32 or f64");
        return t.dtype();
    }

    /** The upstream gradient: one value per sample (stride 1) or a single value for all (stride 0). */
    private static long gradStride(String op, Tensor gradLoss, long n) {
        if (gradLoss == null) throw new NullPointerException(op + ": gradLoss is null");
        if (gradLoss.numel() == n) return 1;
        if (gradLoss.numel() == 1) return 0;
        throw new IllegalArgumentException(op + ": gradLoss " + gradLoss.describe() + " must have " + n + " elements or 1");
    }

    /** Rows and classes of a [n, c] (or [c], one sample) input. */
    private static long[] rows(String op, Tensor x) {
        if (x.dim() == 2) return new long[] {x.shapeRef()[0], x.shapeRef()[1]};
        if (x.dim() == 1) return new long[] {1, x.shapeRef()[0]};
        throw new IllegalArgumentException(op + ": input " + x.describe() + " must be [n, c] (permute the class dim last)");
    }

    // ------------------------------------------------------------------ losses

    static double crossEntropyForward(Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex,
                                      Tensor loss) {
        String op = "cross_entropy";
        DType dt = floating(op, "logits", logits);
        long[] nc = rows(op, logits);
        double[] total = TOTAL_WEIGHT.get();
        CpuBackend.check(TesseraNative.ts_cross_entropy_forward(dt.code(), nc[0], nc[1], need(op, "logits", logits, dt, -1),
                need(op, "labels", labels, DType.I64, nc[0]), optional(op, "weight", weight, dt, nc[1]), smoothing, ignoreIndex,
                need(op, "loss", loss, dt, nc[0]), total), op);
        return total[0];
    }

    static void crossEntropyBackward(Tensor logits, Tensor labels, Tensor weight, double smoothing, long ignoreIndex,
                                     Tensor gradLoss, Tensor gradLogits) {
        String op = "cross_entropy_backward";
        DType dt = floating(op, "logits", logits);
        long[] nc = rows(op, logits);
        long gs = gradStride(op, gradLoss, nc[0]);
        CpuBackend.check(TesseraNative.ts_cross_entropy_backward(dt.code(), nc[0], nc[1], need(op, "logits", logits, dt, -1),
                need(op, "labels", labels, DType.I64, nc[0]), optional(op, "weight", weight, dt, nc[1]), smoothing, ignoreIndex,
                need(op, "gradLoss", gradLoss, dt, -1), gs, need(op, "gradLogits", gradLogits, dt, logits.numel())), op);
    }

    static double nllForward(Tensor logProbs, Tensor labels, Tensor weight, long ignoreIndex, Tensor loss) {
        String op = "nll_loss";
        DType dt = floating(op, "input", logProbs);
        long[] nc = rows(op, logProbs);
        double[] total = TOTAL_WEIGHT.get();
        CpuBackend.check(TesseraNative.ts_nll_forward(dt.code(), nc[0], nc[1], need(op, "input", logProbs, dt, -1),
                need(op, "labels", labels, DType.I64, nc[0]), optional(op, "weight", weight, dt, nc[1]), ignoreIndex,
                need(op, "loss", loss, dt, nc[0]), total), op);
        return total[0];
    }

    static void nllBackward(Tensor labels, Tensor weight, long ignoreIndex, Tensor gradLoss, Tensor gradLogProbs) {
        String op = "nll_loss_backward";
        DType dt = floating(op, "gradLogProbs", gradLogProbs);
        long[] nc = rows(op, gradLogProbs);
        long gs = gradStride(op, gradLoss, nc[0]);
        CpuBackend.check(TesseraNative.ts_nll_backward(dt.code(), nc[0], nc[1], need(op, "labels", labels, DType.I64, nc[0]),
                optional(op, "weight", weight, dt, nc[1]), ignoreIndex, need(op, "gradLoss", gradLoss, dt, -1), gs,
                need(op, "gradLogProbs", gradLogProbs, dt, -1)), op);
    }

    /** pos_weight's length: the last dim of x, which n must be rows of. */
    private static long posWeightClasses(String op, Tensor x, Tensor posWeight) {
        if (posWeight == null) return 0;
        long c = posWeight.numel();
        long last = x.dim() == 0 ? 1 : x.shapeRef()[x.dim() - 1];
        if (posWeight.dim() > 1 || c != last) {
            throw new IllegalArgumentException(op + ": pos_weight " + posWeight.describe() + " must be 1-D with the last dim ("
                    + last + ") of input " + x.describe());
        }
        return c;
    }

    static void bceWithLogitsForward(Tensor logits, Tensor target, Tensor posWeight, Tensor loss) {
        String op = "binary_cross_entropy_with_logits";
        DType dt = floating(op, "input", logits);
        long n = logits.numel(), c = posWeightClasses(op, logits, posWeight);
        CpuBackend.check(TesseraNative.ts_bce_with_logits_forward(dt.code(), n, need(op, "input", logits, dt, n),
                need(op, "target", target, dt, n), optional(op, "pos_weight", posWeight, dt, c), c, need(op, "loss", loss, dt, n)), op);
    }

    static void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor posWeight, Tensor gradLoss, Tensor gradLogits,
                                      Tensor gradTarget) {
        String op = "binary_cross_entropy_with_logits_backward";
        DType dt = floating(op, "input", logits);
        long n = logits.numel(), c = posWeightClasses(op, logits, posWeight);
        long gs = gradStride(op, gradLoss, n);
        CpuBackend.check(TesseraNative.ts_bce_with_logits_backward(dt.code(), n, need(op, "input", logits, dt, n),
                need(op, "target", target, dt, n), optional(op, "pos_weight", posWeight, dt, c), c,
                need(op, "gradLoss", gradLoss, dt, -1), gs, optional(op, "gradInput", gradLogits, dt, n),
                optional(op, "gradTarget", gradTarget, dt, n)), op);
    }

    static void bceForward(Tensor probs, Tensor target, Tensor loss) {
        String op = "binary_cross_entropy";
        DType dt = floating(op, "input", probs);
        long n = probs.numel();
        CpuBackend.check(TesseraNative.ts_bce_forward(dt.code(), n, need(op, "input", probs, dt, n), need(op, "target", target, dt, n),
                need(op, "loss", loss, dt, n)), op);
    }

    static void bceBackward(Tensor probs, Tensor target, Tensor gradLoss, Tensor gradProbs, Tensor gradTarget) {
        String op = "binary_cross_entropy_backward";
        DType dt = floating(op, "input", probs);
        long n = probs.numel();
        long gs = gradStride(op, gradLoss, n);
        CpuBackend.check(TesseraNative.ts_bce_backward(dt.code(), n, need(op, "input", probs, dt, n), need(op, "target", target, dt, n),
                need(op, "gradLoss", gradLoss, dt, -1), gs, optional(op, "gradInput", gradProbs, dt, n),
                optional(op, "gradTarget", gradTarget, dt, n)), op);
    }

    static void pointwiseLossForward(PointwiseLoss kind, Tensor input, Tensor target, double param, Tensor loss) {
        String op = kind.nativeName() + "_loss";
        DType dt = floating(op, "input", input);
        long n = input.numel();
        CpuBackend.check(TesseraNative.ts_pointwise_loss_forward(kind.code(), dt.code(), n, need(op, "input", input, dt, n),
                need(op, "target", target, dt, n), param, need(op, "loss", loss, dt, n)), op);
    }

    static void pointwiseLossBackward(PointwiseLoss kind, Tensor input, Tensor target, double param, Tensor gradLoss,
                                      Tensor gradInput, Tensor gradTarget) {
        String op = kind.nativeName() + "_loss_backward";
        DType dt = floating(op, "input", input);
        long n = input.numel();
        long gs = gradStride(op, gradLoss, n);
        CpuBackend.check(TesseraNative.ts_pointwise_loss_backward(kind.code(), dt.code(), n, need(op, "input", input, dt, n),
                need(op, "target", target, dt, n), param, need(op, "gradLoss", gradLoss, dt, -1), gs,
                optional(op, "gradInput", gradInput, dt, n), optional(op, "gradTarget", gradTarget, dt, n)), op);
    }

    static void klDivForward(Tensor input, Tensor target, boolean logTarget, Tensor loss) {
        String op = "kl_div";
        DType dt = floating(op, "input", input);
        long n = input.numel();
        CpuBackend.check(TesseraNative.ts_kl_div_forward(dt.code(), n, need(op, "input", input, dt, n), need(op, "target", target, dt, n),
                logTarget ? 1 : 0, need(op, "loss", loss, dt, n)), op);
    }

    static void klDivBackward(Tensor input, Tensor target, boolean logTarget, Tensor gradLoss, Tensor gradInput, Tensor gradTarget) {
        String op = "kl_div_backward";
        DType dt = floating(op, "input", input);
        long n = input.numel();
        long gs = gradStride(op, gradLoss, n);
        CpuBackend.check(TesseraNative.ts_kl_div_backward(dt.code(), n, need(op, "input", input, dt, n),
                need(op, "target", target, dt, n), logTarget ? 1 : 0, need(op, "gradLoss", gradLoss, dt, -1), gs,
                optional(op, "gradInput", gradInput, dt, n), optional(op, "gradTarget", gradTarget, dt, n)), op);
    }

    // ------------------------------------------------------------------ optimizer steps

    static void sgdStep(Tensor param, Tensor grad, Tensor momentumBuf, double lr, double momentum, double dampening,
                        double weightDecay, boolean nesterov, boolean firstStep) {
        String op = "sgd";
        DType dt = floating(op, "param", param);
        long n = param.numel();
        CpuBackend.check(TesseraNative.ts_sgd_step(dt.code(), n, need(op, "param", param, dt, n), need(op, "grad", grad, dt, n),
                optional(op, "momentum buffer", momentumBuf, dt, n), lr, momentum, dampening, weightDecay, nesterov ? 1 : 0,
                firstStep ? 1 : 0), op);
    }

    static void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, long step, double lr,
                         double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        String op = decoupled ? "adamw" : "adam";
        DType dt = floating(op, "param", param);
        long n = param.numel();
        CpuBackend.check(TesseraNative.ts_adam_step(dt.code(), n, need(op, "param", param, dt, n), need(op, "grad", grad, dt, n),
                need(op, "exp_avg", expAvg, dt, n), need(op, "exp_avg_sq", expAvgSq, dt, n),
                optional(op, "max_exp_avg_sq", maxExpAvgSq, dt, n), step, lr, beta1, beta2, eps, weightDecay, decoupled ? 1 : 0), op);
    }

    static void rmspropStep(Tensor param, Tensor grad, Tensor squareAvg, Tensor gradAvg, Tensor momentumBuf, double lr,
                            double alpha, double eps, double weightDecay, double momentum, boolean centered) {
        String op = "rmsprop";
        DType dt = floating(op, "param", param);
        long n = param.numel();
        CpuBackend.check(TesseraNative.ts_rmsprop_step(dt.code(), n, need(op, "param", param, dt, n), need(op, "grad", grad, dt, n),
                need(op, "square_avg", squareAvg, dt, n), optional(op, "grad_avg", gradAvg, dt, n),
                optional(op, "momentum buffer", momentumBuf, dt, n), lr, alpha, eps, weightDecay, momentum, centered ? 1 : 0), op);
    }

    static void adagradStep(Tensor param, Tensor grad, Tensor stateSum, long step, double lr, double lrDecay, double weightDecay,
                            double eps) {
        String op = "adagrad";
        DType dt = floating(op, "param", param);
        long n = param.numel();
        CpuBackend.check(TesseraNative.ts_adagrad_step(dt.code(), n, need(op, "param", param, dt, n), need(op, "grad", grad, dt, n),
                need(op, "state_sum", stateSum, dt, n), step, lr, lrDecay, weightDecay, eps), op);
    }
}
