// ExponentialLR as torch.optim.lr_scheduler.ExponentialLR: the rate is multiplied by gamma every
// epoch, lr(epoch) = base * gamma^epoch.
package dev.tessera.optim.schedule;

import dev.tessera.optim.Optimizer;

public final class ExponentialLR extends EpochLRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        if (!(gamma >= 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("ExponentialLR: invalid gamma " + gamma);
        this.gamma = gamma;
    }

    @Override
    protected double nextLr(int epoch, double current) {
        return current * gamma;
    }
}
