// PassTotals: the running totals of one pass over data — a training epoch or an evaluation — the
// loss weighted by batch size (so the mean over batches is the mean over samples, whatever the
// last batch's size) and the compiled metrics; logs() reads them under their names.
package dev.tessera.train;

import dev.tessera.autograd.GradMode;
import dev.tessera.tensor.Tensor;
import dev.tessera.train.metrics.Metric;

import java.util.LinkedHashMap;
import java.util.List;

final class PassTotals {
    private final List<Metric> metrics;
    private double lossSum;
    private long samples;

    PassTotals(List<Metric> metrics) { this.metrics = metrics; }

    void reset() {
        lossSum = 0;
        samples = 0;
        for (Metric m : metrics) m.reset();
    }

    /** Adds one batch: its mean loss, and the predictions for its targets. */
    void add(double loss, Tensor predictions, Tensor targets) {
        long n = predictions.dim() == 0 ? 1 : predictions.size(0);
        lossSum += loss * n;
        samples += n;
        if (metrics.isEmpty()) return;
        // the metrics copy the predictions out (a cast op): not a part of the graph to record
        try (GradMode.Guard off = GradMode.noGrad()) {
            for (Metric m : metrics) m.update(predictions, targets);
        }
    }

    /** "loss" and each metric's name, each prefixed (e.g. "val_"), with their values so far. */
    LinkedHashMap<String, Double> logs(String prefix) {
        LinkedHashMap<String, Double> logs = new LinkedHashMap<>();
        logs.put(prefix + "loss", samples == 0 ? Double.NaN : lossSum / samples);
        for (Metric m : metrics) logs.put(prefix + m.name(), m.result());
        return logs;
    }
}
