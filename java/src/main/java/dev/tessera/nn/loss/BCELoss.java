// BCELoss: binary cross entropy of probabilities, e.g. a sigmoid output (Keras "binary_crossentropy",
// PyTorch nn.BCELoss). Prefer BCEWithLogitsLoss on the logits: it is stable where this one clamps.
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Tensor;

public final class BCELoss implements Loss {
    private final Reduction reduction;

    public BCELoss() { this(Reduction.MEAN); }

    public BCELoss(Reduction reduction) { this.reduction = LossArgs.reduction("bce", reduction); }

    @Override
    public Tensor apply(Tensor input, Tensor target) { return Losses.binaryCrossEntropy(input, target, reduction); }

    @Override
    public String name() { return "bce"; }

    @Override
    public String toString() { return "BCELoss(reduction=" + reduction + ")"; }
}
