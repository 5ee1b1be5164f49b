// ReduceLROnPlateau as torch.optim.lr_scheduler.ReduceLROnPlateau: step(metric) once per epoch with a
// validation metric; after more than `patience` epochs without improvement (by `threshold`, relative
// or absolute) the rate is multiplied by `factor` (not below minLr), then `cooldown` epochs pass
// before bad epochs count again. Changes smaller than eps are ignored.
package dev.tessera.optim.schedule;

import dev.tessera.optim.Optimizer;

public final class ReduceLROnPlateau implements LRScheduler {
    public enum Mode { MIN, MAX }
    public enum ThresholdMode { REL, ABS }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private double lastLr;

    /** PyTorch's defaults: mode min, factor 0.1, patience 10, threshold 1e-4 (rel), no cooldown, minLr 0. */
    public ReduceLROnPlateau(Optimizer optimizer) { this(optimizer, Mode.MIN, 0.1, 10); }

    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience) {
        this(optimizer, mode, factor, patience, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    /** Every option; {@link #builder} reads better. */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
                             ThresholdMode thresholdMode, int cooldown, double minLr, double eps) {
        if (optimizer == null) throw new NullPointerException("ReduceLROnPlateau: optimizer is null");
        if (mode == null || thresholdMode == null) throw new NullPointerException("ReduceLROnPlateau: mode is null");
        if (!(factor < 1.0 && factor >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau: factor should be in [0, 1), got " + factor);
        if (patience < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
        if (cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
        if (!(threshold >= 0) || Double.isInfinite(threshold)) throw new IllegalArgumentException("ReduceLROnPlateau: invalid threshold " + threshold);
        if (!(minLr >= 0) || Double.isInfinite(minLr)) throw new IllegalArgumentException("ReduceLROnPlateau: invalid min_lr " + minLr);
        if (!(eps >= 0)) throw new IllegalArgumentException("ReduceLROnPlateau: invalid eps " + eps);
        this.optimizer = optimizer;
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.lastLr = optimizer.lr();
    }

    public static Builder builder(Optimizer optimizer) { return new Builder(optimizer); }

    /** Records one epoch's metric and lowers the rate when it has stopped improving. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            double old = optimizer.lr();
            double lr = Math.max(old * factor, minLr);
            if (old - lr > eps) optimizer.setLr(lr);
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = optimizer.lr();
    }

    private boolean isBetter(double a) {
        if (mode == Mode.MIN) {
            return thresholdMode == ThresholdMode.REL ? a < best * (1 - threshold) : a < best - threshold;
        }
        return thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1) : a > best + threshold;
    }

    /** The best metric seen so far (+inf / -inf before the first step). */
    public double best() { return best; }

    /** Epochs in a row without improvement. */
    public int numBadEpochs() { return numBadEpochs; }

    public boolean inCooldown() { return cooldownCounter > 0; }

    @Override public Optimizer optimizer() { return optimizer; }
    @Override public double lastLr() { return lastLr; }
    @Override public int lastEpoch() { return lastEpoch; }

    /** ReduceLROnPlateau's options with PyTorch's defaults. */
    public static final class Builder {
        private final Optimizer optimizer;
        private Mode mode = Mode.MIN;
        private double factor = 0.1;
        private int patience = 10;
        private double threshold = 1e-4;
        private ThresholdMode thresholdMode = ThresholdMode.REL;
        private int cooldown;
        private double minLr;
        private double eps = 1e-8;

        private Builder(Optimizer optimizer) { this.optimizer = optimizer; }

        public Builder mode(Mode v) { mode = v; return this; }
        public Builder factor(double v) { factor = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder threshold(double v) { threshold = v; return this; }
        public Builder thresholdMode(ThresholdMode v) { thresholdMode = v; return this; }
        public Builder cooldown(int v) { cooldown = v; return this; }
        public Builder minLr(double v) { minLr = v; return this; }
        public Builder eps(double v) { eps = v; return this; }

        public ReduceLROnPlateau build() {
            return new ReduceLROnPlateau(optimizer, mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        }
    }
}
