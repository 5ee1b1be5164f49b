// NLLLoss: negative log likelihood of log-probabilities (a LogSoftmax output) with integer class
// labels (PyTorch nn.NLLLoss), with class weights and an ignored label.
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Tensor;

public final class NLLLoss implements Loss {
    private final Tensor weight;
    private final Reduction reduction;
    private final long ignoreIndex;

    public NLLLoss() { this(null, Reduction.MEAN); }

    /** weight (null = none) has one entry per class; the caller keeps it alive as long as this loss. */
    public NLLLoss(Tensor weight, Reduction reduction) { this(weight, reduction, Losses.DEFAULT_IGNORE_INDEX); }

    public NLLLoss(Tensor weight, Reduction reduction, long ignoreIndex) {
        this.weight = weight;
        this.reduction = LossArgs.reduction("nll", reduction);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) { return Losses.nllLoss(input, target, weight, ignoreIndex, reduction); }

    @Override
    public String name() { return "nll"; }

    @Override
    public String toString() {
        return "NLLLoss(" + (weight == null ? "" : "weight=" + weight.describe() + ", ") + "reduction=" + reduction
                + ", ignoreIndex=" + ignoreIndex + ")";
    }
}
