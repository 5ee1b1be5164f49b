// EpochLRScheduler: a scheduler whose rate is a function of the epoch count, in PyTorch's chainable
// form — each step() derives the new rate from the optimizer's current one, as torch.optim.lr_scheduler
// does, so the rates match PyTorch's to the bit and a rate set by hand in between carries forward.
// Construction records the optimizer's rate as the base rate (PyTorch's initial_lr) at epoch 0.
package dev.tessera.optim.schedule;

import dev.tessera.optim.Optimizer;

public abstract class EpochLRScheduler implements LRScheduler {
    private final Optimizer optimizer;
    private final double baseLr;
    private int lastEpoch;
    private double lastLr;

    protected EpochLRScheduler(Optimizer optimizer) {
        if (optimizer == null) throw new NullPointerException("scheduler: optimizer is null");
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
        this.lastLr = baseLr;
    }

    /** Advances one epoch and sets the optimizer's learning rate for it. */
    public void step() {
        lastEpoch++;
        double lr = nextLr(lastEpoch, optimizer.lr());
        optimizer.setLr(lr);
        lastLr = lr;
    }

    /** The rate at {@code epoch} (>= 1) given the optimizer's rate {@code current} at the previous epoch. */
    protected abstract double nextLr(int epoch, double current);

    /** The optimizer's rate when the scheduler was made. */
    public double baseLr() { return baseLr; }

    @Override public Optimizer optimizer() { return optimizer; }
    @Override public double lastLr() { return lastLr; }
    @Override public int lastEpoch() { return lastEpoch; }
}
