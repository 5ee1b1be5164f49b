// LearningRateScheduler: drives the compiled optimizer's learning rate from fit, once per epoch.
// Three forms, because the optimizer is made by compile (possibly by name) and so exists only when
// fit starts — each form is given how to build or compute the rate, not a ready scheduler:
//
//   LearningRateScheduler.of(opt -> new StepLR(opt, 10, 0.5))           // an optim.schedule scheduler,
//                                                                        // stepped after each epoch
//   LearningRateScheduler.onPlateau("val_loss", ReduceLROnPlateau::new) // stepped with a logged value
//   LearningRateScheduler.schedule((epoch, lr) -> epoch < 10 ? lr : lr * 0.9)  // Keras' form: the rate
//                                                                        // for each epoch, set before it
//
// A scheduler is built afresh at every fit, from the optimizer's rate at that moment.
package dev.tessera.train;

import dev.tessera.optim.Optimizer;
import dev.tessera.optim.schedule.EpochLRScheduler;
import dev.tessera.optim.schedule.ReduceLROnPlateau;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

public final class LearningRateScheduler implements Callback {
    /** Keras' schedule function: the rate for {@code epoch} (from 0) given the current one. */
    @FunctionalInterface
    public interface Schedule {
        double lr(int epoch, double currentLr);
    }

    /** What one fit does with its optimizer at the epoch boundaries. */
    private interface EpochHooks {
        default void begin(int epoch) {}

        default void end(Map<String, Double> logs) {}
    }

    private final Function<Optimizer, EpochHooks> start;
    private EpochHooks hooks;

    private LearningRateScheduler(Function<Optimizer, EpochHooks> start) { this.start = start; }

    /** An epoch scheduler (StepLR, ExponentialLR, CosineAnnealingLR...) made for the compiled optimizer. */
    public static LearningRateScheduler of(Function<Optimizer, ? extends EpochLRScheduler> factory) {
        Objects.requireNonNull(factory, "LearningRateScheduler: factory is null");
        return new LearningRateScheduler(optimizer -> {
            EpochLRScheduler scheduler = factory.apply(optimizer);
            return new EpochHooks() {
                @Override public void end(Map<String, Double> logs) { scheduler.step(); }
            };
        });
    }

    /** ReduceLROnPlateau made for the compiled optimizer, stepped with the logged {@code monitor}. */
    public static LearningRateScheduler onPlateau(String monitor, Function<Optimizer, ReduceLROnPlateau> factory) {
        Objects.requireNonNull(monitor, "LearningRateScheduler: monitor is null");
        Objects.requireNonNull(factory, "LearningRateScheduler: factory is null");
        return new LearningRateScheduler(optimizer -> {
            ReduceLROnPlateau scheduler = factory.apply(optimizer);
            return new EpochHooks() {
                @Override public void end(Map<String, Double> logs) { scheduler.step(Monitor.read("LearningRateScheduler", monitor, logs)); }
            };
        });
    }

    /** Keras' LearningRateScheduler(schedule): before each epoch the rate becomes schedule.lr(epoch, lr). */
    public static LearningRateScheduler schedule(Schedule schedule) {
        Objects.requireNonNull(schedule, "LearningRateScheduler: schedule is null");
        return new LearningRateScheduler(optimizer -> new EpochHooks() {
            @Override public void begin(int epoch) { optimizer.setLr(schedule.lr(epoch, optimizer.lr())); }
        });
    }

    @Override
    public void onTrainBegin(TrainingInfo info) { hooks = start.apply(info.model().optimizer()); }

    @Override
    public void onEpochBegin(int epoch) { hooks.begin(epoch); }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) { hooks.end(logs); }
}
