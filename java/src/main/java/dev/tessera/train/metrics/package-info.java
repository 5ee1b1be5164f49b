/**
 * Metrics for {@link dev.tessera.train.Model}: stateful {@link dev.tessera.train.metrics.Metric}s
 * (update per batch, result over all of them, reset) — {@link dev.tessera.train.metrics.Accuracy}
 * (sparse, one-hot or binary), {@link dev.tessera.train.metrics.TopKAccuracy},
 * {@link dev.tessera.train.metrics.Precision}, {@link dev.tessera.train.metrics.Recall} and
 * {@link dev.tessera.train.metrics.F1Score} (binary or macro), {@link dev.tessera.train.metrics.MeanAbsoluteError},
 * {@link dev.tessera.train.metrics.MeanSquaredError} — and the
 * {@link dev.tessera.train.metrics.ConfusionMatrix}. {@link dev.tessera.train.metrics.Metrics#byName}
 * maps Keras' names to them. Batches are read on the host, so accumulated counts are exact.
 */
package dev.tessera.train.metrics;
