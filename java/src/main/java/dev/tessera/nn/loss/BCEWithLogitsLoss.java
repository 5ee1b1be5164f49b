// BCEWithLogitsLoss: binary cross entropy of logits with the sigmoid folded in (PyTorch
// nn.BCEWithLogitsLoss); an optional posWeight (one entry per class of the last dim) weighs positives.
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Tensor;

public final class BCEWithLogitsLoss implements Loss {
    private final Tensor posWeight;
    private final Reduction reduction;

    public BCEWithLogitsLoss() { this(null, Reduction.MEAN); }

    /** posWeight may be null; it is used as given (the caller keeps it alive as long as this loss). */
    public BCEWithLogitsLoss(Tensor posWeight, Reduction reduction) {
        this.posWeight = posWeight;
        this.reduction = LossArgs.reduction("bce_with_logits", reduction);
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        return Losses.binaryCrossEntropyWithLogits(input, target, posWeight, reduction);
    }

    @Override
    public String name() { return "bce_with_logits"; }

    @Override
    public String toString() {
        return "BCEWithLogitsLoss(" + (posWeight == null ? "" : "posWeight=" + posWeight.describe() + ", ") + "reduction=" + reduction + ")";
    }
}
