// Metric: a quantity measured on a model's outputs while training or evaluating (accuracy, MAE...).
// Metrics are stateful as Keras' are: update() adds one batch to the running totals, result()
// reads the value over everything seen since reset(), so a metric accumulated over batches equals
// the metric of the whole data set at once (counts are exact; sums are doubles).
package dev.tessera.train.metrics;

import dev.tessera.tensor.Tensor;

public interface Metric {
    /** The key of this metric in logs and History ("accuracy"; "val_accuracy" on validation data). */
    String name();

    /** Adds one batch: the model's {@code predictions} and the {@code targets} of the same samples. */
    void update(Tensor predictions, Tensor targets);

    /** The metric over every batch since the last reset (NaN before any sample). */
    double result();

    /** Forgets every batch seen so far. */
    void reset();
}
