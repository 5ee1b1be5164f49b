// Callback: hooks Model.fit calls as training runs, as Keras' callbacks. Every method has an empty
// default, so a callback overrides only what it needs. Epochs and batches count from 0 (Keras'
// convention; progress lines show them from 1). Logs map each metric name to its value: per batch,
// the running means over the epoch so far ("loss", "accuracy"); per epoch, the epoch's values and,
// with validation data, the same names prefixed "val_". Log maps are read-only.
//
// Tensors a callback creates belong to the scope open at the call: a per-step scope in
// onBatchEnd (freed after the batch), the fit call's own scope elsewhere (freed when fit returns).
package dev.tessera.train;

import java.util.Map;

public interface Callback {
    /** Before the first epoch; the place to reset state, so one callback can serve several fits. */
    default void onTrainBegin(TrainingInfo info) {}

    /** After the last epoch (also when a callback stopped training early). */
    default void onTrainEnd(History history) {}

    default void onEpochBegin(int epoch) {}

    /** After the epoch's training batches and its validation; {@code logs} is what History records. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    /** After each optimizer step, with the running means of the epoch so far. */
    default void onBatchEnd(int batch, Map<String, Double> logs) {}
}
