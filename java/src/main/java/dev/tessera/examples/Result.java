// Result: what an example reached: its metrics in a stable order (test_accuracy or slope/intercept/
// loss, epochs, train_seconds, seconds_per_epoch) and whether the stated target was met.
package dev.tessera.examples;

import java.util.LinkedHashMap;
import java.util.Map;

public record Result(String example, Map<String, Object> metrics, boolean targetMet, String target) {
    /** Builds the metrics common to every example after its own ones. */
    static Result of(String example, Map<String, Object> own, int epochs, double trainSeconds, boolean met, String target) {
        Map<String, Object> m = new LinkedHashMap<>(own);
        m.put("epochs", epochs);
        m.put("train_seconds", round(trainSeconds));
        m.put("seconds_per_epoch", round(trainSeconds / epochs));
        return new Result(example, m, met, target);
    }

    static double round(double v) { return Math.round(v * 1e4) / 1e4; }

    public double metric(String name) { return ((Number) metrics.get(name)).doubleValue(); }
}
