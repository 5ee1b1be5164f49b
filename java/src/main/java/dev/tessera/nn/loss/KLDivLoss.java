// KLDivLoss: Kullback-Leibler divergence of a target distribution from the input's, PyTorch's
// nn.KLDivLoss: input log-probabilities, target probabilities (or log-probabilities with logTarget).
// The default reduction is BATCHMEAN (sum / batch size), the true KL mean that PyTorch recommends
// (its own default 'mean' averages over every element); MEAN, SUM and NONE are available.
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses;
import dev.tessera.ops.Losses.Reduction;
import dev.tessera.tensor.Tensor;

public final class KLDivLoss implements Loss {
    private final Reduction reduction;
    private final boolean logTarget;

    public KLDivLoss() { this(Reduction.BATCHMEAN, false); }

    public KLDivLoss(Reduction reduction, boolean logTarget) {
        if (reduction == null) throw new NullPointerException("kl_div: reduction is null");
        this.reduction = reduction;
        this.logTarget = logTarget;
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) { return Losses.klDiv(input, target, logTarget, reduction); }

    @Override
    public String name() { return "kl_div"; }

    @Override
    public String toString() { return "KLDivLoss(reduction=" + reduction + ", logTarget=" + logTarget + ")"; }
}
