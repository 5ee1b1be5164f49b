// CosineAnnealingLR as torch.optim.lr_scheduler.CosineAnnealingLR (SGDR without restarts):
// lr(epoch) = etaMin + (base - etaMin) (1 + cos(pi epoch / tMax)) / 2, computed in PyTorch's
// recursive form; past tMax the rate rises again along the cosine, as PyTorch's does.
package dev.tessera.optim.schedule;

import dev.tessera.optim.Optimizer;

public final class CosineAnnealingLR extends EpochLRScheduler {
    private final int tMax;
    private final double etaMin;

    /** Anneals to 0 over tMax epochs. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) { this(optimizer, tMax, 0); }

    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) throw new IllegalArgumentException("CosineAnnealingLR: T_max must be >= 1, got " + tMax);
        if (!(etaMin >= 0) || Double.isInfinite(etaMin)) throw new IllegalArgumentException("CosineAnnealingLR: invalid eta_min " + etaMin);
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    protected double nextLr(int epoch, double current) {
        if ((epoch - 1 - tMax) % (2 * tMax) == 0) {
            return current + (baseLr() - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
        }
        return (1 + Math.cos(Math.PI * epoch / tMax)) / (1 + Math.cos(Math.PI * (epoch - 1) / tMax)) * (current - etaMin) + etaMin;
    }
}
