// SmoothL1Loss: Huber divided by beta (PyTorch nn.SmoothL1Loss); beta 0 is L1.
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Tensor;

public final class SmoothL1Loss implements Loss {
    private final double beta;
    private final Reduction reduction;

    public SmoothL1Loss() { this(1.0, Reduction.MEAN); }

    public SmoothL1Loss(double beta, Reduction reduction) {
        if (!(beta >= 0) || Double.isInfinite(beta)) throw new IllegalArgumentException("smooth_l1: beta must be >= 0 and finite, got " + beta);
        this.beta = beta;
        this.reduction = LossArgs.reduction("smooth_l1", reduction);
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) { return Losses.smoothL1Loss(input, target, beta, reduction); }

    @Override
    public String name() { return "smooth_l1"; }

    @Override
    public String toString() { return "SmoothL1Loss(beta=" + beta + ", reduction=" + reduction + ")"; }
}
