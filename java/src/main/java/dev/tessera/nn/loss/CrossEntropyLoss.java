// CrossEntropyLoss: cross entropy from logits with integer class labels (PyTorch nn.CrossEntropyLoss,
// Keras "sparse_categorical_crossentropy" with from_logits=True), with label smoothing, class
// weights and an ignored label.
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Tensor;

public final class CrossEntropyLoss implements Loss {
    private final double labelSmoothing;
    private final Tensor weight;
    private final Reduction reduction;
    private final long ignoreIndex;

    public CrossEntropyLoss() { this(0, null, Reduction.MEAN); }

    public CrossEntropyLoss(double labelSmoothing) { this(labelSmoothing, null, Reduction.MEAN); }

    /** weight (null = none) has one entry per class; the caller keeps it alive as long as this loss. */
    public CrossEntropyLoss(double labelSmoothing, Tensor weight, Reduction reduction) {
        this(labelSmoothing, weight, reduction, Losses.DEFAULT_IGNORE_INDEX);
    }

    public CrossEntropyLoss(double labelSmoothing, Tensor weight, Reduction reduction, long ignoreIndex) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("cross_entropy: label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
        this.weight = weight;
        this.reduction = LossArgs.reduction("cross_entropy", reduction);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        return Losses.crossEntropy(input, target, weight, labelSmoothing, ignoreIndex, reduction);
    }

    @Override
    public String name() { return "cross_entropy"; }

    @Override
    public String toString() {
        return "CrossEntropyLoss(labelSmoothing=" + labelSmoothing + (weight == null ? "" : ", weight=" + weight.describe())
                + ", reduction=" + reduction + ", ignoreIndex=" + ignoreIndex + ")";
    }
}
