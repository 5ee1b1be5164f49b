// Monitor: one logged quantity ("val_loss") watched for improvement, with a direction and a minimum
// change. EarlyStopping and ModelCheckpoint (and the plateau scheduler, for the lookup) share it, so
// "improved" and "is not in the logs" mean the same thing everywhere.
package dev.tessera.train;

import java.util.List;
import java.util.Map;

final class Monitor {
    /** Words in a metric name that mean higher is better (accuracy, top_5_accuracy, precision...). */
    private static final List<String> HIGHER_IS_BETTER = List.of("accuracy", "precision", "recall", "f1");

    private final String key;
    private final boolean maximize;
    private final double minDelta;

    Monitor(String key, MonitorMode mode, double minDelta) {
        this.key = key;
        this.maximize = mode == MonitorMode.MAX
                || (mode == MonitorMode.AUTO && HIGHER_IS_BETTER.stream().anyMatch(key::contains));
        this.minDelta = minDelta;
    }

    /** The value before any epoch, which every real value improves on. */
    double worst() { return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY; }

    /** True when {@code value} beats {@code best} by more than minDelta (NaN never does). */
    boolean improves(double value, double best) {
        return maximize ? value - minDelta > best : value + minDelta < best;
    }

    double read(String callback, Map<String, Double> logs) { return read(callback, key, logs); }

    /** {@code logs.get(key)}, or an error naming the callback and the keys there are. */
    static double read(String callback, String key, Map<String, Double> logs) {
        Double v = logs.get(key);
        if (v == null) {
            throw new IllegalStateException(callback + ": monitored '" + key + "' is not in the logs " + logs.keySet()
                    + (key.startsWith("val_") ? "; give fit validation data (validationSplit or validationData)" : ""));
        }
        return v;
    }

    String key() { return key; }
}
