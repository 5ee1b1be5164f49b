// L1Loss: mean absolute error, |input - target| reduced (Keras "mae", PyTorch nn.L1Loss).
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Tensor;

public final class L1Loss implements Loss {
    private final Reduction reduction;

    public L1Loss() { this(Reduction.MEAN); }

    public L1Loss(Reduction reduction) { this.reduction = LossArgs.reduction("l1", reduction); }

    @Override
    public Tensor apply(Tensor input, Tensor target) { return Losses.l1Loss(input, target, reduction); }

    @Override
    public String name() { return "l1"; }

    @Override
    public String toString() { return "L1Loss(reduction=" + reduction + ")"; }
}
