// StepLR as torch.optim.lr_scheduler.StepLR: the rate is multiplied by gamma every stepSize epochs,
// lr(epoch) = base * gamma^(epoch / stepSize).
package dev.tessera.optim.schedule;

import dev.tessera.optim.Optimizer;

public final class StepLR extends EpochLRScheduler {
    private final int stepSize;
    private final double gamma;

    /** PyTorch's default gamma 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) { this(optimizer, stepSize, 0.1); }

    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) throw new IllegalArgumentException("StepLR: step size must be >= 1, got " + stepSize);
        if (!(gamma >= 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("StepLR: invalid gamma " + gamma);
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    protected double nextLr(int epoch, double current) {
        return epoch % stepSize != 0 ? current : current * gamma;
    }
}
