// F1Score: the harmonic mean of precision and recall, 2 tp / (2 tp + fp + fn); per class, averaged
// per Average (see ClassScore), accumulated exactly over batches.
package dev.tessera.train.metrics;

public final class F1Score extends ClassScore {
    /** BINARY (class 1) for two classes, MACRO for more; binary scores above 0.5 are class 1. */
    public F1Score() { this(null, 0.5); }

    public F1Score(Average average) { this(average, 0.5); }

    /** {@code threshold} splits binary scores (0 for logits); ignored for scores [N, C]. */
    public F1Score(Average average, double threshold) { super("f1", ConfusionMatrix::f1, average, threshold); }
}
