// LRScheduler: what every learning-rate scheduler offers — the optimizer it drives and the rate it
// set last. Epoch schedulers (StepLR, ExponentialLR, CosineAnnealingLR) extend EpochLRScheduler and
// advance with step(); ReduceLROnPlateau advances with step(metric). Training loops and the train
// package's scheduler callback call one or the other once per epoch, after the optimizer's steps.
package dev.tessera.optim.schedule;

import dev.tessera.optim.Optimizer;

public interface LRScheduler {
    /** The optimizer whose learning rate this scheduler sets. */
    Optimizer optimizer();

    /** The learning rate this scheduler set last (the rate the next optimizer steps use). */
    double lastLr();

    /** Epochs stepped so far (0 right after construction, as PyTorch's last_epoch). */
    int lastEpoch();
}
