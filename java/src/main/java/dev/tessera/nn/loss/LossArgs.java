// LossArgs: the constructor checks the loss modules share (BATCHMEAN belongs to kl_div only).
package dev.tessera.nn.loss;

import dev.tessera.ops.Losses.Reduction;

final class LossArgs {
    private LossArgs() {}

    static Reduction reduction(String loss, Reduction reduction) {
        if (reduction == null) throw new NullPointerException(loss + ": reduction is null");
        if (reduction == Reduction.BATCHMEAN) {
            throw new IllegalArgumentException(loss + ": reduction BATCHMEAN is only defined for kl_div (use MEAN, SUM or NONE)");
        }
        return reduction;
    }
}
