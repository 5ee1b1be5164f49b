// Recall: tp / (tp + fn) — of the samples of a class, the fraction predicted as it; per class,
// averaged per Average (see ClassScore), accumulated exactly over batches.
package dev.tessera.train.metrics;

public final class Recall extends ClassScore {
    /** BINARY (class 1) for two classes, MACRO for more; binary scores above 0.5 are class 1. */
    public Recall() { this(null, 0.5); }

    public Recall(Average average) { this(average, 0.5); }

    /** {@code threshold} splits binary scores (0 for logits); ignored for scores [N, C]. */
    public Recall(Average average, double threshold) { super("recall", ConfusionMatrix::recall, average, threshold); }
}
