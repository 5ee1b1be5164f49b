// MSELoss: mean squared error, (input - target)^2 reduced (Keras "mse", PyTorch nn.MSELoss).
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Tensor;

public final class MSELoss implements Loss {
    private final Reduction reduction;

    public MSELoss() { this(Reduction.MEAN); }

    public MSELoss(Reduction reduction) { this.reduction = LossArgs.reduction("mse", reduction); }

    @Override
    public Tensor apply(Tensor input, Tensor target) { return Losses.mseLoss(input, target, reduction); }

    @Override
    public String name() { return "mse"; }

    @Override
    public String toString() { return "MSELoss(reduction=" + reduction + ")"; }
}
