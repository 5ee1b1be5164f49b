/**
 * Keras-style training: {@link dev.tessera.train.Model} wraps a Module (sequential, functional or a
 * subclass) with {@code compile(optimizer, loss, metrics)}, {@code fit} on tensors or on any source
 * of {@link dev.tessera.data.Batches.Batch}es ({@link dev.tessera.train.FitOptions}, returning a
 * {@link dev.tessera.train.History}), {@code evaluate}, {@code predict} and {@code summary}.
 * {@link dev.tessera.train.Callback}s hook into fit: {@link dev.tessera.train.EarlyStopping},
 * {@link dev.tessera.train.ModelCheckpoint}, {@link dev.tessera.train.CSVLogger},
 * {@link dev.tessera.train.LearningRateScheduler}, {@link dev.tessera.train.TerminateOnNaN} and the
 * {@link dev.tessera.train.ProgressBar}. Metrics are in {@link dev.tessera.train.metrics}.
 */
package dev.tessera.train;
