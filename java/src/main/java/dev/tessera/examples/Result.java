// Result: what an example reached: its metrics in a stable order (test_accuracy or slope/intercept/
// loss, epochs, train_seconds, seconds_per_epoch), whether the stated target was met, and the history
// per epoch (series name -> one value per epoch, Keras' names: "loss", "accuracy", "val_loss",
// "val_accuracy"), which `tessera train --plot` draws.
package dev.tessera.examples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public record Result(String example, Map<String, Object> metrics, boolean targetMet, String target,
                     Map<String, List<Double>> history) {
    /** A result without a history. */
    public Result(String example, Map<String, Object> metrics, boolean targetMet, String target) {
        this(example, metrics, targetMet, target, Map.of());
    }

    /** Builds the metrics common to every example after its own ones. */
    static Result of(String example, Map<String, Object> own, int epochs, double trainSeconds, boolean met, String target) {
        Map<String, Object> m = new LinkedHashMap<>(own);
        m.put("epochs", epochs);
        m.put("train_seconds", round(trainSeconds));
        m.put("seconds_per_epoch", round(trainSeconds / epochs));
        return new Result(example, m, met, target);
    }

    /** This result with a per-epoch history (copied, order kept), as a training loop or Model.fit's History recorded it. */
    public Result withHistory(Map<String, List<Double>> perEpoch) {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        perEpoch.forEach((name, values) -> copy.put(name, Collections.unmodifiableList(new ArrayList<>(values))));
        return new Result(example, metrics, targetMet, target, Collections.unmodifiableMap(copy));
    }

    static double round(double v) { return Math.round(v * 1e4) / 1e4; }

    public double metric(String name) { return ((Number) metrics.get(name)).doubleValue(); }
}
