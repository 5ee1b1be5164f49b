// Example: one of the classic networks `./tessera train <name>` runs (linreg, logreg, xor, mlp,
// digits). Each states its target, trains with the given settings, and returns its metrics and
// per-epoch history. It also describes its network and held-out data, so that `tessera eval` and
// `tessera predict` can load saved weights into a fresh network and measure or use it.
package dev.tessera.examples;

import dev.tessera.data.Dataset;
import dev.tessera.nn.Module;
import dev.tessera.tensor.Tensor;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

public interface Example {
    String name();

    /** One line for `tessera train --help`. */
    String description();

    /** What the run must reach, in words ("test accuracy >= 0.86 after 5 epochs"). */
    String target();

    /** Defaults that reach the target; the CLI overrides what the user passes. */
    Settings defaults();

    /** Trains and evaluates; progress lines go to {@code log} (one per epoch at most). */
    default Result run(Settings settings, PrintStream log) { return run(settings, log, trained -> { }); }

    /**
     * As {@link #run(Settings, PrintStream)}, and hands the trained network to {@code whenTrained}
     * (to save it, say) while it is alive: its tensors belong to the run and are freed when run returns.
     */
    Result run(Settings settings, PrintStream log, Consumer<Module> whenTrained);

    /** A fresh network of the architecture run() trains, initialised from the settings' seed. */
    Module network(Settings settings);

    /**
     * The held-out data run() reports on (for linreg, its training data): inputs x and the targets
     * that {@link #predictions} are compared with: class indices i64 [n] (linreg: values f32 [n]).
     * The caller closes it.
     */
    Dataset.Sample testData(Settings settings);

    /** The network's outputs for a batch turned into predictions: class indices i64 [n] (linreg: values [n]). */
    Tensor predictions(Tensor outputs);

    /** The metrics run() reports about the network on {@link #testData} (test_accuracy; linreg: slope, intercept, loss). */
    default Map<String, Object> evaluate(Module network, Settings settings) {
        try (Dataset.Sample test = testData(settings)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("test_accuracy", Result.round(Training.accuracy(this, network, test.x(), test.y())));
            return m;
        }
    }
}
