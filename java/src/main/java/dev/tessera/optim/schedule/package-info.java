/**
 * Learning-rate schedulers with torch.optim.lr_scheduler's semantics, stepped once per epoch:
 * {@link dev.tessera.optim.schedule.StepLR}, {@link dev.tessera.optim.schedule.ExponentialLR},
 * {@link dev.tessera.optim.schedule.CosineAnnealingLR} ({@code step()}) and
 * {@link dev.tessera.optim.schedule.ReduceLROnPlateau} ({@code step(metric)}); all are
 * {@link dev.tessera.optim.schedule.LRScheduler}s with {@code lastLr()}.
 */
package dev.tessera.optim.schedule;
