// HuberLoss: quadratic within delta of the target, linear beyond (Keras "huber", PyTorch nn.HuberLoss).
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Tensor;

public final class HuberLoss implements Loss {
    private final double delta;
    private final Reduction reduction;

    public HuberLoss() { this(1.0, Reduction.MEAN); }

    public HuberLoss(double delta) { this(delta, Reduction.MEAN); }

    public HuberLoss(double delta, Reduction reduction) {
        if (!(delta > 0) || Double.isInfinite(delta)) throw new IllegalArgumentException("huber: delta must be positive and finite, got " + delta);
        this.delta = delta;
        this.reduction = LossArgs.reduction("huber", reduction);
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) { return Losses.huberLoss(input, target, delta, reduction); }

    @Override
    public String name() { return "huber"; }

    @Override
    public String toString() { return "HuberLoss(delta=" + delta + ", reduction=" + reduction + ")"; }
}
