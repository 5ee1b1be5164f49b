// Precision: tp / (tp + fp) — of the samples predicted as a class, the fraction that belong to it;
// per class, averaged per Average (see ClassScore), accumulated exactly over batches.
package dev.tessera.train.metrics;

public final class Precision extends ClassScore {
    /** BINARY (class 1) for two classes, MACRO for more; binary scores above 0.5 are class 1. */
    public Precision() { this(null, 0.5); }

    public Precision(Average average) { this(average, 0.5); }

    /** {@code threshold} splits binary scores (0 for logits); ignored for scores [N, C]. */
    public Precision(Average average, double threshold) { super("precision", ConfusionMatrix::precision, average, threshold); }
}
